-- The simulated court case-management system (审判管理系统, "simcms") in PostgreSQL.
-- Deliberately NOT the canonical schema: pinyin-initial table and column names as in many
-- Chinese court systems, statuses, nodes and roles as codes (ts_dm holds their names), dates
-- in the formats such systems use (CHAR(8) YYYYMMDD beside real DATE columns), trial and
-- enforcement cases in separate tables. courtqc reads it only through a mapping
-- (src/courtqc/ingest/mappings/simcms.yaml).

-- 代码表: every code used below, with its name.
CREATE TABLE IF NOT EXISTS ts_dm (
    dmlx  VARCHAR(20)  NOT NULL,   -- 代码类型 (ajzt, lcjd, ssdw ...)
    dm    VARCHAR(10)  NOT NULL,   -- 代码
    mc    VARCHAR(100) NOT NULL,   -- 名称
    PRIMARY KEY (dmlx, dm)
);

-- 法院
CREATE TABLE IF NOT EXISTS tb_fy (
    fydm    VARCHAR(6)  PRIMARY KEY,   -- 法院代码 (numeric, system-internal)
    fyjc    VARCHAR(10) NOT NULL,      -- 案号中的法院代字, 沪0115
    fymc    VARCHAR(60) NOT NULL,      -- 法院名称
    fyjb    CHAR(1)     NOT NULL,      -- 法院级别 (ts_dm fyjb)
    fylx    CHAR(1)     NOT NULL,      -- 法院类型 (ts_dm fylx)
    sjfydm  VARCHAR(6),                -- 上级法院代码
    xzqmc   VARCHAR(20),               -- 辖区
    xzqhdm  VARCHAR(6)                 -- 行政区划代码
);

-- 部门
CREATE TABLE IF NOT EXISTS tb_bm (
    bmbs  INTEGER PRIMARY KEY,         -- 部门标识
    fydm  VARCHAR(6)  NOT NULL,        -- 法院代码
    bmmc  VARCHAR(40) NOT NULL,        -- 部门名称
    bmlx  VARCHAR(2)  NOT NULL         -- 部门类型 (ts_dm bmlx)
);

-- 人员 (法官、法官助理、书记员、人民陪审员)
CREATE TABLE IF NOT EXISTS tb_ry (
    rybs  INTEGER PRIMARY KEY,         -- 人员标识
    fydm  VARCHAR(6)  NOT NULL,
    bmbs  INTEGER,
    xm    VARCHAR(40) NOT NULL,        -- 姓名
    zw    CHAR(1)     NOT NULL,        -- 职务 (ts_dm zw)
    sfzz  CHAR(1)     NOT NULL DEFAULT '1'  -- 是否在职 1/0
);

-- 审判案件 (刑事、民商事、行政、破产 ...): one row per case.
CREATE TABLE IF NOT EXISTS tb_ajxx (
    ajbs   BIGINT PRIMARY KEY,         -- 案件标识
    ah     VARCHAR(64) NOT NULL UNIQUE,  -- 案号 (half-width brackets, as typed in the CMS)
    fydm   VARCHAR(6)  NOT NULL,       -- 承办法院代码
    ajlb   VARCHAR(2)  NOT NULL,       -- 案件类别 (ts_dm ajlb)
    spcx   CHAR(1)     NOT NULL,       -- 审判程序 (ts_dm spcx)
    sycx   CHAR(1),                    -- 适用程序 (ts_dm sycx)
    aydm   VARCHAR(20),                -- 案由代码 (position in the cause list)
    aymc   VARCHAR(100),               -- 案由 / 罪名
    aybb   VARCHAR(20),                -- 案由版本
    larq   CHAR(8)     NOT NULL,       -- 立案日期 YYYYMMDD
    jarq   CHAR(8),                    -- 结案日期 YYYYMMDD
    jafs   VARCHAR(2),                 -- 结案方式 (ts_dm jafs)
    ajzt   CHAR(1)     NOT NULL,       -- 案件状态 (ts_dm ajzt)
    lcjd   VARCHAR(4)  NOT NULL,       -- 当前流程节点 (ts_dm lcjd)
    cbbm   INTEGER,                    -- 承办部门
    cbr    INTEGER,                    -- 承办人 (tb_ry)
    bdje   NUMERIC(18,2),              -- 标的金额 (元)
    yajbs  BIGINT,                     -- 原审/关联案件标识
    glgx   CHAR(1),                    -- 关联关系 (ts_dm glgx)
    ycts   INTEGER     NOT NULL DEFAULT 0,  -- 延长审限天数
    kcts   INTEGER     NOT NULL DEFAULT 0,  -- 扣除审限天数
    gxsj   TIMESTAMP   NOT NULL DEFAULT now()  -- 更新时间
);

-- 执行案件: a system of its own in many courts, with its own columns.
CREATE TABLE IF NOT EXISTS tb_zxaj (
    ajbs    BIGINT PRIMARY KEY,
    ah      VARCHAR(64) NOT NULL UNIQUE,
    fydm    VARCHAR(6)  NOT NULL,
    zxlb    CHAR(1)     NOT NULL,      -- 执行类别 (ts_dm spcx: 5 执行, 8 保全, 9 其他)
    zxyjbs  BIGINT,                    -- 执行依据案件标识
    glgx    CHAR(1),                   -- 关联关系 (ts_dm glgx)
    aydm    VARCHAR(20),
    aymc    VARCHAR(100),
    aybb    VARCHAR(20),
    sqzxbd  NUMERIC(18,2),             -- 申请执行标的 (元)
    larq    DATE        NOT NULL,      -- 立案日期
    jarq    DATE,                      -- 结案日期
    jafs    VARCHAR(2),                -- 结案方式 (ts_dm jafs)
    ajzt    CHAR(1)     NOT NULL,      -- 案件状态 (ts_dm ajzt)
    lcjd    VARCHAR(4)  NOT NULL,      -- 当前流程节点 (ts_dm lcjd)
    cbbm    INTEGER,
    cbr     INTEGER,                   -- 执行法官
    ycts    INTEGER     NOT NULL DEFAULT 0,
    kcts    INTEGER     NOT NULL DEFAULT 0,
    gxsj    TIMESTAMP   NOT NULL DEFAULT now()
);

-- 当事人: one row per party per case (as case-management systems keep them).
CREATE TABLE IF NOT EXISTS tb_dsr (
    dsrbs  BIGINT PRIMARY KEY,         -- 当事人标识
    ajbs   BIGINT      NOT NULL,       -- 案件标识 (tb_ajxx or tb_zxaj)
    ssdw   VARCHAR(2)  NOT NULL,       -- 诉讼地位 (ts_dm ssdw)
    xh     INTEGER     NOT NULL DEFAULT 1,  -- 序号
    dsrlx  CHAR(1)     NOT NULL,       -- 当事人类型 (ts_dm dsrlx)
    mc     VARCHAR(200) NOT NULL,      -- 姓名或名称
    zjlx   VARCHAR(2),                 -- 证件类型 (ts_dm zjlx)
    zjhm   VARCHAR(30),                -- 证件号码
    xb     CHAR(1),                    -- 性别 (ts_dm xb)
    csrq   CHAR(8),                    -- 出生日期 YYYYMMDD
    mz     VARCHAR(2),                 -- 民族 (ts_dm mz)
    dz     VARCHAR(200),               -- 住所地
    lxdh   VARCHAR(30),                -- 联系电话
    fddbr  VARCHAR(40),                -- 法定代表人
    gxsj   TIMESTAMP   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS tb_dsr_ajbs ON tb_dsr (ajbs);

-- 诉讼代理人 / 辩护人. No single column of it names the canonical row, so CDC needs the old
-- row on update and delete: REPLICA IDENTITY FULL (set by courtqc cms init).
CREATE TABLE IF NOT EXISTS tb_dlr (
    dlrbs  BIGINT PRIMARY KEY,
    ajbs   BIGINT      NOT NULL,
    dsrbs  BIGINT      NOT NULL,       -- 被代理的当事人
    lsbs   INTEGER,                    -- 律师标识 (NULL: 公民代理)
    xm     VARCHAR(40) NOT NULL,       -- 代理人姓名
    dllx   CHAR(1)     NOT NULL        -- 代理类型 (ts_dm dllx)
);

-- 流程记录: every node a case reaches.
CREATE TABLE IF NOT EXISTS tb_lcjl (
    jlbs  BIGINT PRIMARY KEY,          -- 记录标识
    ajbs  BIGINT      NOT NULL,
    jddm  VARCHAR(4)  NOT NULL,        -- 节点代码 (ts_dm lcjd)
    fssj  TIMESTAMP   NOT NULL,        -- 发生时间
    czr   INTEGER,                     -- 操作人 (tb_ry)
    bz    VARCHAR(200)                 -- 备注
);
CREATE INDEX IF NOT EXISTS tb_lcjl_ajbs ON tb_lcjl (ajbs);

-- 文书
CREATE TABLE IF NOT EXISTS tb_ws (
    wsbs  BIGINT PRIMARY KEY,
    ajbs  BIGINT      NOT NULL,
    wslx  VARCHAR(2)  NOT NULL,        -- 文书类型 (ts_dm wslx)
    wsmc  VARCHAR(60),                 -- 文书名称
    wsnr  TEXT        NOT NULL,        -- 正文
    qfrq  CHAR(8)                      -- 签发日期 YYYYMMDD
);

-- 刑事判决结果, per defendant.
CREATE TABLE IF NOT EXISTS tb_xspj (
    ajbs    BIGINT NOT NULL,
    dsrbs   BIGINT NOT NULL,           -- 被告人 (tb_dsr)
    zm      VARCHAR(200) NOT NULL,     -- 罪名, ';' separated
    zxlx    VARCHAR(2) NOT NULL,       -- 主刑 (ts_dm zxlx)
    xqys    INTEGER,                   -- 刑期 (月)
    hxys    INTEGER,                   -- 缓刑考验期 (月)
    fjje    NUMERIC(18,2),             -- 罚金 (元)
    fzje    NUMERIC(18,2),             -- 犯罪金额 (元)
    jyqsrq  DATE,                      -- 羁押起始日
    jyts    INTEGER,                   -- 羁押天数
    xqqr    DATE,                      -- 刑期起日
    xqzr    DATE,                      -- 刑期止日
    bzzqys  INTEGER,                   -- 剥夺政治权利 (月, -1 终身)
    msnr    VARCHAR(200),              -- 没收内容
    PRIMARY KEY (ajbs, dsrbs)
);

-- 上诉、再审结果 against the case reviewed.
CREATE TABLE IF NOT EXISTS tb_ssjg (
    ajbs    BIGINT PRIMARY KEY,        -- 二审 / 再审案件
    yajbs   BIGINT NOT NULL,           -- 原审案件
    jg      CHAR(1) NOT NULL,          -- 结果 (ts_dm ssjg)
    yy      CHAR(1),                   -- 原因 (ts_dm gpyy)
    jdrq    CHAR(8)                    -- 决定日期 YYYYMMDD
);

-- 执行措施
CREATE TABLE IF NOT EXISTS tb_zxcs (
    csbs  BIGINT PRIMARY KEY,
    ajbs  BIGINT      NOT NULL,
    cslx  VARCHAR(2)  NOT NULL,        -- 措施类型 (ts_dm cslx)
    csrq  DATE        NOT NULL,
    je    NUMERIC(18,2),
    bz    VARCHAR(200)
);
CREATE INDEX IF NOT EXISTS tb_zxcs_ajbs ON tb_zxcs (ajbs);

-- 案款收发
CREATE TABLE IF NOT EXISTS tb_ajk (
    kxbs   BIGINT PRIMARY KEY,
    ajbs   BIGINT      NOT NULL,
    sffx   CHAR(1)     NOT NULL,       -- 收付方向 (ts_dm sffx)
    dsrbs  BIGINT      NOT NULL,       -- 交款人 / 领款人 (tb_dsr)
    je     NUMERIC(18,2) NOT NULL,
    rq     DATE        NOT NULL
);
CREATE INDEX IF NOT EXISTS tb_ajk_ajbs ON tb_ajk (ajbs);
