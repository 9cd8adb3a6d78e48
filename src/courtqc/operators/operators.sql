-- The operator library (业务算子). Every object is TEMP: installed per connection, never stored.
-- Unqualified table names resolve to whatever the connection is using: the full store (review
-- mode) or a case's context database (node mode). docs/OPERATORS.md documents each operator.
-- Roles: claimant side = plaintiff / appellant / applicant; respondent side = defendant /
-- appellee / respondent / criminal_defendant.

-- ---------------------------------------------------------------- normalisation
-- Names as written vary: spaces, full-width letters, 有限责任公司 vs 有限公司.
-- op_halfwidth(s): full-width ASCII forms to half-width. translate() is slow on long maps, so
-- it only runs on the few strings that hold a full-width character.
CREATE OR REPLACE TEMP MACRO op_halfwidth(s) AS
    CASE WHEN regexp_matches(s, '[\x{FF01}-\x{FF5E}]') THEN translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~') ELSE s END;
CREATE OR REPLACE TEMP MACRO op_norm_name(s) AS
    replace(upper(op_halfwidth(replace(replace(s, ' ', ''), '　', ''))), '有限责任公司', '有限公司');
-- Phones: digits only, without +86 / 0086 and without Shanghai's area code 021
-- (courtqc.identity.normalize.normalize_phone).
CREATE OR REPLACE TEMP MACRO op_norm_phone(s) AS
    nullif(regexp_replace(regexp_replace(regexp_replace(op_halfwidth(s), '[^0-9]', '', 'g'),
                                         '^(?:0086|86)([0-9]{11})$', '\1'),
                          '^(?:0086|86)?0?21([2-9][0-9]{7})$', '\1'), '');
-- Addresses: as names, without the city prefix (courtqc.identity.normalize.normalize_address).
CREATE OR REPLACE TEMP MACRO op_norm_address(s) AS
    nullif(regexp_replace(op_norm_name(s), '^(?:中华人民共和国|中国|上海市|上海)', ''), '');
-- ID numbers and credit codes: no spaces or dashes, upper case (a trailing lowercase x is the
-- same ID), and a first-generation 15-digit ID number as its 18-character form (century 19
-- inserted, GB 11643 check character appended: courtqc.domain.idnumber.id15_to_18).
CREATE OR REPLACE TEMP MACRO op_id_check(f) AS
    substr('10X98765432', ((7 * (unicode(substr(f, 1, 1)) - 48) + 9 * (unicode(substr(f, 2, 1)) - 48) + 10 * (unicode(substr(f, 3, 1)) - 48) + 5 * (unicode(substr(f, 4, 1)) - 48) + 8 * (unicode(substr(f, 5, 1)) - 48) + 4 * (unicode(substr(f, 6, 1)) - 48) + 2 * (unicode(substr(f, 7, 1)) - 48) + 1 * (unicode(substr(f, 8, 1)) - 48) + 6 * (unicode(substr(f, 9, 1)) - 48) + 3 * (unicode(substr(f, 10, 1)) - 48) + 7 * (unicode(substr(f, 11, 1)) - 48) + 9 * (unicode(substr(f, 12, 1)) - 48) + 10 * (unicode(substr(f, 13, 1)) - 48) + 5 * (unicode(substr(f, 14, 1)) - 48) + 8 * (unicode(substr(f, 15, 1)) - 48) + 4 * (unicode(substr(f, 16, 1)) - 48) + 2 * (unicode(substr(f, 17, 1)) - 48)) % 11) + 1, 1);
-- The argument is bound once through a one-element list and a lambda (a "let"): a macro's
-- parameter is substituted as text, and op_norm_id's argument written out at each of its uses
-- (twenty, nested) made every statement calling it take ~40 ms to plan and evaluate the whole
-- normalisation twenty times per row (node mode: 5 ms instead of 40–70 ms per statement).
CREATE OR REPLACE TEMP MACRO op_id15_to_18(n) AS
    list_transform([n], lambda v:
        CASE WHEN regexp_full_match(v, '[0-9]{15}')
                  AND try_strptime('19' || substr(v, 7, 6), '%Y%m%d') IS NOT NULL
             THEN list_transform([substr(v, 1, 6) || '19' || substr(v, 7, 9)],
                                 lambda b: b || op_id_check(b))[1]
             ELSE v END)[1];
CREATE OR REPLACE TEMP MACRO op_norm_id(s) AS
    op_id15_to_18(upper(op_halfwidth(regexp_replace(trim(s), '[ 　-]', '', 'g'))));

-- ---------------------------------------------------------------- identity
-- party_identity: each party row with the identity it belongs to. person_key (filled by
-- courtqc.identity) first; before resolution has run, the normalised ID number or credit code.
-- Institutional litigants — identities in more case-party rows than the hub threshold
-- (qc_hubs, filled by courtqc.operators.install from the whole store: banks, insurers, property
-- managers, procuratorates ...) — get no identity_key: they are never linked across cases, so a
-- model never depends on their thousands of other cases (is_hub tells them apart).
CREATE TEMP TABLE IF NOT EXISTS qc_hubs (identity_key VARCHAR PRIMARY KEY, case_rows BIGINT);
CREATE OR REPLACE TEMP VIEW party_identity_raw AS
SELECT p.party_id, p.kind, p.name, p.id_number, p.uscc, p.legal_rep, p.birth_date,
       coalesce(p.person_key,
                'id:' || op_norm_id(p.id_number),
                'uscc:' || op_norm_id(p.uscc),
                'party:' || CAST(p.party_id AS VARCHAR)) AS raw_key
FROM parties p;
CREATE OR REPLACE TEMP VIEW party_identity AS
SELECT r.party_id, r.kind, r.name, r.id_number, r.uscc, r.legal_rep, r.birth_date,
       CASE WHEN h.identity_key IS NULL THEN r.raw_key END AS identity_key,
       h.identity_key IS NOT NULL AS is_hub,
       op_norm_name(r.name) AS norm_name
FROM party_identity_raw r LEFT JOIN qc_hubs h ON h.identity_key = r.raw_key;

-- case_roles: who is in which case in which role, with the case's key facts.
CREATE OR REPLACE TEMP VIEW case_roles AS
SELECT cp.case_id, cp.party_id, cp.role, cp.seq,
       CASE WHEN cp.role IN ('plaintiff', 'appellant', 'applicant') THEN 'claimant'
            WHEN cp.role IN ('defendant', 'appellee', 'respondent', 'criminal_defendant')
                 THEN 'respondent'
            ELSE 'other' END AS side,
       pi.identity_key, pi.is_hub, pi.kind, pi.name, pi.id_number, pi.uscc, pi.legal_rep,
       pi.birth_date, c.case_no, c.court_code, c.family, c.type_code, c.procedure, c.cause_name,
       c.filing_date, c.closing_date, c.closing_method, c.status, c.claim_amount,
       c.origin_case_id
FROM case_parties cp
JOIN party_identity pi ON pi.party_id = cp.party_id
JOIN cases c ON c.case_id = cp.case_id;

-- party_controller: who stands behind a party. A company is controlled by a natural person who
-- appears as a party and either (0) is its controlling shareholder (控股股东, 《公司法》（2023）
-- 第265条: more than half of the capital) — a current holding of more than 50 % in the enterprise
-- register (registry_enterprise_shareholders), the holder found by his normalised ID number among
-- the parties' (a holder registered without a number is not followed: a name cannot tell him
-- from his namesakes; the largest holding wins, ties the greatest identity key); this comes
-- first, as the shareholders choose the representative, not the other way round; or (1) is its
-- legal representative — as the row writes it, or as
-- the enterprise register does where the row leaves it out — or (2) shares its phone (normalised:
-- +86, dashes, Shanghai's 021 dropped) or its full address: the man behind a nominee
-- representative. Several people bearing the representative's name (namesakes) — less any the
-- register rules out, a party with another ID number than the controlling shareholder of that
-- name — : the one who
-- shares the company's phone or address, else the one with the most cases on the claimant side
-- (ties: the greatest identity key). A shared phone or address counts only where it points to
-- one person, and it outweighs a bare name: where no one of the representative's name shares
-- the company's phone or address but someone else does, that someone is the controller (a
-- nominee's namesake elsewhere in the court is not the man behind the company). Any other party controls itself. `licensed`: the party is a licensed lender — a
-- bank, insurer, trust, consumer-, auto- or group-finance company, or one of the local financial
-- organisations that 法释〔2020〕27号 treats as financial institutions (small-loan, financing-
-- guarantee, finance-lease, commercial-factoring, pawn, asset-management companies): their loans
-- are not private lending, so no lender rule counts them.
CREATE OR REPLACE TEMP VIEW party_controller AS
WITH base AS MATERIALIZED (
    SELECT pi.party_id, pi.kind, pi.identity_key, pi.norm_name, pi.legal_rep, pi.uscc,
           pi.id_number, op_norm_phone(p.phone) AS phone, op_norm_address(p.address) AS addr
    FROM party_identity pi JOIN parties p ON p.party_id = pi.party_id
), firms AS MATERIALIZED (
    SELECT b.party_id, b.identity_key, op_norm_name(coalesce(b.legal_rep, re.legal_rep)) AS rep,
           b.phone, b.addr, op_norm_id(b.uscc) AS nuscc
    FROM base b LEFT JOIN registry_enterprises re ON re.uscc = op_norm_id(b.uscc)
    WHERE b.kind = 'legal' AND b.identity_key IS NOT NULL
), ids AS MATERIALIZED (
    SELECT DISTINCT identity_key, norm_name, op_norm_id(id_number) AS nid FROM base
    WHERE kind = 'natural' AND identity_key IS NOT NULL AND id_number IS NOT NULL
), reg AS MATERIALIZED (  -- current controlling holdings (over half) of natural persons
    SELECT op_norm_id(uscc) AS nuscc, CAST(share_pct AS DOUBLE) AS pct,
           op_norm_name(holder_name) AS holder, op_norm_id(holder_id_number) AS nid
    FROM registry_enterprise_shareholders
    WHERE holder_kind = 'natural' AND valid_to IS NULL AND CAST(share_pct AS DOUBLE) > 50
      AND holder_id_number IS NOT NULL
), holders AS (
    SELECT f.party_id, arg_max(n.identity_key, (s.pct, n.identity_key)) AS identity_key
    FROM firms f
    JOIN reg s ON s.nuscc = f.nuscc
    JOIN (SELECT DISTINCT nid, identity_key FROM ids) n ON n.nid = s.nid
    GROUP BY f.party_id
), people AS MATERIALIZED (
    SELECT DISTINCT identity_key, norm_name, phone, addr FROM base
    WHERE kind = 'natural' AND identity_key IS NOT NULL
), not_holder AS (
    -- the register names the company's controlling shareholder, of the representative's name,
    -- by an ID number: a party of that name with another number is his namesake, not him
    SELECT DISTINCT f.party_id, n.identity_key
    FROM firms f
    JOIN reg s ON s.nuscc = f.nuscc AND s.holder = f.rep
    JOIN ids n ON n.norm_name = f.rep AND n.nid <> s.nid
), claims AS (
    SELECT b.identity_key, count(DISTINCT cp.case_id) FILTER (
               WHERE cp.role IN ('plaintiff', 'appellant', 'applicant')) AS claimant_cases
    FROM base b JOIN case_parties cp ON cp.party_id = b.party_id
    WHERE b.kind = 'natural' AND b.identity_key IS NOT NULL
      AND b.norm_name IN (SELECT rep FROM firms)
    GROUP BY b.identity_key
), named AS (
    SELECT f.party_id,
           arg_max(n.identity_key,
                   ((n.phone = f.phone OR n.addr = f.addr) IS TRUE,
                    coalesce(c.claimant_cases, 0), n.identity_key)) AS identity_key,
           bool_or((n.phone = f.phone OR n.addr = f.addr) IS TRUE) AS in_touch
    FROM firms f JOIN people n ON n.norm_name = f.rep
    LEFT JOIN claims c ON c.identity_key = n.identity_key
    ANTI JOIN not_holder x ON x.party_id = f.party_id AND x.identity_key = n.identity_key
    GROUP BY f.party_id
), shared AS (
    SELECT party_id, min(identity_key) AS identity_key FROM (
        SELECT f.party_id, n.identity_key FROM firms f JOIN people n ON n.phone = f.phone
        UNION
        SELECT f.party_id, n.identity_key FROM firms f JOIN people n ON n.addr = f.addr)
    GROUP BY party_id HAVING count(DISTINCT identity_key) = 1
)
SELECT pi.party_id, pi.kind, pi.identity_key,
       CASE WHEN pi.identity_key IS NULL THEN NULL
            WHEN pi.kind = 'legal' THEN coalesce(ho.identity_key,
                                                 CASE WHEN nm.in_touch THEN nm.identity_key END,
                                                 sh.identity_key, nm.identity_key, pi.identity_key)
            ELSE pi.identity_key END AS controller_key,
       pi.kind <> 'natural' AND regexp_matches(pi.norm_name,
           '银行|保险|信托|消费金融|汽车金融|财务有限|金融租赁|小额贷款|融资担保|融资租赁|商业保理|典当|资产管理')
           AS licensed
FROM base pi
LEFT JOIN named nm ON nm.party_id = pi.party_id
LEFT JOIN shared sh ON sh.party_id = pi.party_id
LEFT JOIN holders ho ON ho.party_id = pi.party_id;

-- op_shareholdings: who holds a share of a company of the data, by the enterprise register
-- (registry_enterprise_shareholders): one row per holding whose company appears as a party
-- (by normalised credit code) and whose holder does too — a natural person by normalised ID
-- number (15-digit numbers converted, a lowercase x folded), a company by credit code — with
-- `share_pct`, the holding's dates (`valid_to` NULL: current), `matched_by` and `confidence`
-- (0.9: the register's word, matched on an exact number). A holder registered without a number
-- is not linked: a name alone cannot tell a shareholder from his namesakes.
CREATE OR REPLACE TEMP VIEW op_shareholdings AS
WITH firms AS MATERIALIZED (
    SELECT DISTINCT op_norm_id(uscc) AS nuscc, identity_key FROM party_identity
    WHERE kind = 'legal' AND identity_key IS NOT NULL AND uscc IS NOT NULL
), people AS MATERIALIZED (
    SELECT DISTINCT op_norm_id(id_number) AS nid, identity_key FROM party_identity
    WHERE kind = 'natural' AND identity_key IS NOT NULL AND id_number IS NOT NULL
), held AS (
    SELECT op_norm_id(s.uscc) AS nuscc, s.holder_kind, s.holder_name,
           op_norm_id(CASE WHEN s.holder_kind = 'legal' THEN s.holder_uscc
                           ELSE s.holder_id_number END) AS hid,
           CAST(s.share_pct AS DOUBLE) AS share_pct, s.valid_from, s.valid_to
    FROM registry_enterprise_shareholders s
)
SELECT DISTINCT f.identity_key AS company_key, coalesce(p.identity_key, c.identity_key) AS holder_key,
       h.holder_kind, h.holder_name, h.share_pct, h.valid_from, h.valid_to,
       CASE WHEN h.holder_kind = 'legal' THEN 'credit_code' ELSE 'id_number' END AS matched_by,
       CAST(0.9 AS DOUBLE) AS confidence
FROM held h JOIN firms f ON f.nuscc = h.nuscc
LEFT JOIN people p ON h.holder_kind = 'natural' AND p.nid = h.hid
LEFT JOIN firms c ON h.holder_kind = 'legal' AND c.nuscc = h.hid
WHERE coalesce(p.identity_key, c.identity_key) IS NOT NULL
  AND coalesce(p.identity_key, c.identity_key) <> f.identity_key;

-- op_controller_group: the controller group of each party — the person standing behind it
-- (party_controller) and every person or company that person controls — one row per member,
-- with how the member is linked to the controller: `controller` (the controller himself),
-- `legal_rep` (the row names him as legal representative, confidence 1.0),
-- `legal_rep_register` (only the enterprise register does, 0.9), `shared_phone` /
-- `shared_address` (a company sharing his phone or full address: the man behind a nominee,
-- 0.8), `namesake_rep` (his name is the representative's among namesakes: the one with most
-- claimant-side cases, 0.7), `shareholder` (the enterprise register names him as its
-- controlling shareholder — a current holding of more than half, 《公司法》（2023）第265条,
-- op_shareholdings — 0.9). A
-- company party_controller finds no one behind (no representative or contact in the data) is
-- controlled by its controlling shareholder where he is a party: the lender who sues through a
-- company he owns but does not represent. A smaller holding controls nothing (a 5 % holder is
-- only related: op_related_parties). Institutional litigants (no identity_key) have no group.
CREATE OR REPLACE TEMP VIEW op_controller_group AS
WITH holder AS MATERIALIZED (
    SELECT company_key, arg_max(holder_key, (share_pct, holder_key)) AS holder_key
    FROM op_shareholdings
    WHERE holder_kind = 'natural' AND valid_to IS NULL AND share_pct > 50
    GROUP BY company_key
), ctl AS MATERIALIZED (
    SELECT pc.party_id, pc.kind, pc.identity_key,
           CASE WHEN pc.kind = 'legal' AND pc.controller_key = pc.identity_key
                     AND ho.holder_key IS NOT NULL THEN ho.holder_key
                ELSE pc.controller_key END AS controller_key,
           ho.holder_key, pc.licensed, p.name,
           p.legal_rep, op_norm_phone(p.phone) AS phone, op_norm_address(p.address) AS addr,
           op_norm_id(p.uscc) AS nuscc
    FROM party_controller pc JOIN parties p ON p.party_id = pc.party_id
    LEFT JOIN holder ho ON ho.company_key = pc.identity_key
    WHERE pc.controller_key IS NOT NULL
), people AS MATERIALIZED (
    SELECT identity_key, list(DISTINCT op_norm_name(name)) AS names,
           list(DISTINCT phone) FILTER (WHERE phone IS NOT NULL) AS phones,
           list(DISTINCT addr) FILTER (WHERE addr IS NOT NULL) AS addrs
    FROM ctl WHERE kind = 'natural' AND identity_key IN (SELECT controller_key FROM ctl)
    GROUP BY identity_key
), link AS (
    SELECT c.party_id, c.identity_key, c.controller_key, c.kind, c.name, c.licensed,
           CASE WHEN c.identity_key = c.controller_key THEN 'controller'
                WHEN c.legal_rep IS NOT NULL
                     AND list_contains(pp.names, op_norm_name(c.legal_rep)) THEN 'legal_rep'
                WHEN c.legal_rep IS NULL
                     AND list_contains(pp.names, op_norm_name(re.legal_rep))
                     THEN 'legal_rep_register'
                WHEN c.holder_key = c.controller_key THEN 'shareholder'
                WHEN list_contains(pp.phones, c.phone) THEN 'shared_phone'
                WHEN list_contains(pp.addrs, c.addr) THEN 'shared_address'
                ELSE 'namesake_rep' END AS relation
    FROM ctl c
    LEFT JOIN people pp ON pp.identity_key = c.controller_key
    LEFT JOIN registry_enterprises re ON re.uscc = c.nuscc
), members AS (
    SELECT controller_key, identity_key AS member_key, min(kind) AS member_kind,
           min(name) AS member_name, bool_or(licensed) AS licensed,
           arg_max(relation, CASE relation WHEN 'controller' THEN 7 WHEN 'legal_rep' THEN 6
                                   WHEN 'legal_rep_register' THEN 5 WHEN 'shareholder' THEN 4
                                   WHEN 'shared_phone' THEN 3 WHEN 'shared_address' THEN 2
                                   ELSE 1 END) AS relation
    FROM link GROUP BY controller_key, identity_key
)
SELECT l.party_id, l.identity_key, l.controller_key AS group_key, m.member_key, m.member_kind,
       m.member_name, m.relation,
       CASE m.relation WHEN 'legal_rep_register' THEN 'registry_enterprises'
                       WHEN 'shareholder' THEN 'registry_enterprise_shareholders'
                       WHEN 'controller' THEN 'party_controller' ELSE 'parties' END AS source,
       CAST(CASE m.relation WHEN 'controller' THEN 1.0 WHEN 'legal_rep' THEN 1.0
                            WHEN 'legal_rep_register' THEN 0.9 WHEN 'shareholder' THEN 0.9
                            WHEN 'namesake_rep' THEN 0.7
                            ELSE 0.8 END AS DOUBLE) AS confidence,
       m.licensed
FROM (SELECT DISTINCT party_id, identity_key, controller_key FROM link) l
JOIN members m ON m.controller_key = l.controller_key;

-- op_related_parties: identities related to an identity by any edge, both ways, each with its
-- type, the table it was read from and a confidence: the control links of op_controller_group
-- (a company and the person behind it), `shared_phone` / `shared_address` (different
-- identities whose rows give the same normalised phone or full address, 0.6 — only where at
-- most five identities share it: a switchboard or a court's address relates nobody),
-- `opponent` (claimant against respondent in one case, 1.0) and `co_party` (the same side of
-- one case, 1.0), the last two with the case; `shareholder` (a holder and the company, any
-- current holding in the enterprise register, op_shareholdings, 0.9, with `share_pct`) and
-- `former_name` (a company and an identity whose rows bear one of its registered former names,
-- registry_enterprise_names: 1.0 where those rows carry its credit code, else 0.8 — two
-- identities the resolver kept apart). Institutional litigants are left out.
CREATE OR REPLACE TEMP VIEW op_related_parties AS
WITH ctrl AS (
    SELECT DISTINCT member_key AS identity_key, group_key AS related_key, relation, source,
           confidence, CAST(NULL AS BIGINT) AS case_id, CAST(NULL AS DOUBLE) AS share_pct
    FROM op_controller_group WHERE member_key <> group_key AND relation <> 'shareholder'
), holding AS (
    SELECT holder_key AS identity_key, company_key AS related_key, 'shareholder' AS relation,
           'registry_enterprise_shareholders' AS source, max(confidence) AS confidence,
           CAST(NULL AS BIGINT) AS case_id, sum(share_pct) AS share_pct
    FROM op_shareholdings WHERE valid_to IS NULL GROUP BY holder_key, company_key
), renamed AS (
    SELECT DISTINCT f.identity_key, o.identity_key AS related_key, 'former_name' AS relation,
           'registry_enterprise_names' AS source,
           CAST(CASE WHEN op_norm_id(o.uscc) = op_norm_id(n.uscc) THEN 1.0 ELSE 0.8 END
                AS DOUBLE) AS confidence,
           CAST(NULL AS BIGINT) AS case_id, CAST(NULL AS DOUBLE) AS share_pct
    FROM registry_enterprise_names n
    JOIN party_identity f ON f.kind = 'legal' AND op_norm_id(f.uscc) = op_norm_id(n.uscc)
    JOIN party_identity o ON o.kind = 'legal' AND o.norm_name = op_norm_name(n.name)
    WHERE f.identity_key IS NOT NULL AND o.identity_key IS NOT NULL
      AND f.identity_key <> o.identity_key
), contact AS MATERIALIZED (
    SELECT DISTINCT pi.identity_key, 'shared_phone' AS relation, op_norm_phone(p.phone) AS v
    FROM party_identity pi JOIN parties p ON p.party_id = pi.party_id
    WHERE pi.identity_key IS NOT NULL AND op_norm_phone(p.phone) IS NOT NULL
    UNION
    SELECT DISTINCT pi.identity_key, 'shared_address', op_norm_address(p.address)
    FROM party_identity pi JOIN parties p ON p.party_id = pi.party_id
    WHERE pi.identity_key IS NOT NULL AND op_norm_address(p.address) IS NOT NULL
), few AS (
    SELECT relation, v FROM contact GROUP BY relation, v
    HAVING count(DISTINCT identity_key) BETWEEN 2 AND 5
), shared AS (
    SELECT DISTINCT a.identity_key, b.identity_key AS related_key, a.relation,
           'parties' AS source, CAST(0.6 AS DOUBLE) AS confidence, CAST(NULL AS BIGINT) AS case_id,
           CAST(NULL AS DOUBLE) AS share_pct
    FROM contact a JOIN few f ON f.relation = a.relation AND f.v = a.v
    JOIN contact b ON b.relation = a.relation AND b.v = a.v AND b.identity_key <> a.identity_key
), in_case AS (
    SELECT DISTINCT a.identity_key, b.identity_key AS related_key,
           CASE WHEN a.side = b.side THEN 'co_party' ELSE 'opponent' END AS relation,
           'case_parties' AS source, CAST(1.0 AS DOUBLE) AS confidence, a.case_id,
           CAST(NULL AS DOUBLE) AS share_pct
    FROM case_roles a JOIN case_roles b ON b.case_id = a.case_id
    WHERE a.identity_key IS NOT NULL AND b.identity_key IS NOT NULL
      AND a.identity_key <> b.identity_key AND a.side <> 'other' AND b.side <> 'other'
)
SELECT identity_key, related_key, relation, source, confidence, case_id, share_pct FROM ctrl
UNION ALL
SELECT related_key, identity_key, relation, source, confidence, case_id, share_pct FROM ctrl
UNION ALL
SELECT identity_key, related_key, relation, source, confidence, case_id, share_pct FROM holding
UNION ALL
SELECT related_key, identity_key, relation, source, confidence, case_id, share_pct FROM holding
UNION ALL
SELECT identity_key, related_key, relation, source, confidence, case_id, share_pct FROM renamed
UNION ALL
SELECT related_key, identity_key, relation, source, confidence, case_id, share_pct FROM renamed
UNION ALL
SELECT identity_key, related_key, relation, source, confidence, case_id, share_pct FROM shared
UNION ALL
SELECT identity_key, related_key, relation, source, confidence, case_id, share_pct FROM in_case;

-- ---------------------------------------------------------------- party frequency
-- op_party_frequency(role, causes, days): for each first-instance case where an identity has
-- `role` in a case of one of `causes`, how many such cases that identity has with filing dates
-- within `days` before or after this one (this case included).
CREATE OR REPLACE TEMP MACRO op_party_frequency(p_role, p_causes, p_days) AS TABLE
WITH r AS (
    SELECT DISTINCT case_id, party_id, identity_key, filing_date FROM case_roles
    WHERE role = p_role AND procedure = 'first' AND list_contains(p_causes, cause_name)
), ic AS (SELECT DISTINCT identity_key, case_id, filing_date FROM r)
SELECT r.case_id, r.party_id, r.identity_key,
       count(DISTINCT o.case_id) AS n_cases,
       min(o.filing_date) AS first_filing, max(o.filing_date) AS last_filing
FROM r JOIN ic o ON o.identity_key = r.identity_key
               AND o.filing_date BETWEEN r.filing_date - to_days(CAST(p_days AS INTEGER))
                                     AND r.filing_date + to_days(CAST(p_days AS INTEGER))
GROUP BY r.case_id, r.party_id, r.identity_key;

-- op_controller_frequency(role, causes, days): as op_party_frequency, counted per controller
-- (party_controller): a person together with the companies he controls; licensed lenders'
-- cases are not counted.
CREATE OR REPLACE TEMP MACRO op_controller_frequency(p_role, p_causes, p_days) AS TABLE
WITH r AS (
    SELECT DISTINCT cr.case_id, cr.party_id, pc.controller_key, cr.filing_date
    FROM case_roles cr JOIN party_controller pc ON pc.party_id = cr.party_id
    WHERE cr.role = p_role AND NOT pc.licensed AND cr.procedure = 'first' AND list_contains(p_causes, cr.cause_name)
), ic AS (SELECT DISTINCT controller_key, case_id, filing_date FROM r)
SELECT r.case_id, r.party_id, r.controller_key,
       count(DISTINCT o.case_id) AS n_cases,
       min(o.filing_date) AS first_filing, max(o.filing_date) AS last_filing
FROM r JOIN ic o ON o.controller_key = r.controller_key
               AND o.filing_date BETWEEN r.filing_date - to_days(CAST(p_days AS INTEGER))
                                     AND r.filing_date + to_days(CAST(p_days AS INTEGER))
GROUP BY r.case_id, r.party_id, r.controller_key;

-- ---------------------------------------------------------------- duplicate suit
-- op_duplicate_suit(days, methods): a later case by the same plaintiff identity against the same
-- defendant identity with the same cause, filed within `days` after an earlier case closed by
-- one of `methods` — e.g. ['withdrawal', 'dismissal'] (撤诉, 驳回起诉) for refiling, ['transfer']
-- for jurisdiction transfers going round.
CREATE OR REPLACE TEMP MACRO op_duplicate_suit(p_days, p_methods) AS TABLE
WITH earlier AS (
    SELECT r.case_id, r.identity_key, r.cause_name, r.case_no, r.closing_method, r.closing_date
    FROM case_roles r
    WHERE r.role = 'plaintiff' AND r.procedure = 'first'
      AND list_contains(p_methods, r.closing_method)
), later AS (
    SELECT r.case_id, r.party_id, r.identity_key, r.cause_name, r.filing_date, r.closing_method
    FROM case_roles r WHERE r.role = 'plaintiff' AND r.procedure = 'first'
), df AS (SELECT case_id, identity_key FROM case_roles WHERE role = 'defendant')
SELECT DISTINCT l.case_id, l.party_id,
       e.case_id AS earlier_case_id, e.case_no AS earlier_case_no,
       e.closing_method AS earlier_closing_method, e.closing_date AS earlier_closing_date,
       l.closing_method AS closing_method,
       date_diff('day', e.closing_date, l.filing_date) AS days_after
FROM earlier e
JOIN later l ON l.identity_key = e.identity_key AND l.cause_name = e.cause_name
            AND l.case_id <> e.case_id
            AND l.filing_date > e.closing_date
            AND l.filing_date <= e.closing_date + to_days(CAST(p_days AS INTEGER))
JOIN df de ON de.case_id = e.case_id
JOIN df dl ON dl.case_id = l.case_id AND dl.identity_key = de.identity_key;

-- ---------------------------------------------------------------- party overlap
-- op_party_overlap: pairs of different cases that share a party identity, with both roles.
CREATE OR REPLACE TEMP VIEW op_party_overlap AS
SELECT a.case_id, b.case_id AS other_case_id, a.identity_key, a.party_id,
       a.role, b.role AS other_role, b.party_id AS other_party_id
FROM case_roles a JOIN case_roles b ON a.identity_key = b.identity_key AND a.case_id <> b.case_id;

-- op_lawyer_both_sides: one lawyer acting for a claimant and a respondent in the same case.
CREATE OR REPLACE TEMP VIEW op_lawyer_both_sides AS
SELECT a1.case_id, a1.lawyer_id, a1.agent_name,
       a1.party_id AS claimant_party_id, a2.party_id AS respondent_party_id
FROM case_agents a1
JOIN case_roles r1 ON r1.case_id = a1.case_id AND r1.party_id = a1.party_id AND r1.side = 'claimant'
JOIN case_agents a2 ON a2.case_id = a1.case_id AND a2.lawyer_id = a1.lawyer_id
JOIN case_roles r2 ON r2.case_id = a2.case_id AND r2.party_id = a2.party_id AND r2.side = 'respondent'
WHERE a1.lawyer_id IS NOT NULL;

-- ---------------------------------------------------------------- payments
-- op_identity_payments: every payment into (in) or out of (out) the court, with the identity of
-- the payer / payee, so payments of one party can be followed across cases.
CREATE OR REPLACE TEMP VIEW op_identity_payments AS
SELECT pay.payment_id, pay.case_id, pay.direction, pay.party_id, pi.identity_key, pi.kind,
       pay.amount, pay.paid_date
FROM payments pay JOIN party_identity pi ON pi.party_id = pay.party_id;

-- ---------------------------------------------------------------- registry lookups
-- op_party_death: natural-person parties found in the population register.
CREATE OR REPLACE TEMP VIEW op_party_death AS
SELECT r.case_id, r.party_id, r.role, r.side, r.name, r.id_number, r.family, r.type_code,
       r.cause_name, r.filing_date, r.closing_date, r.status AS case_status,
       rp.status AS registry_status, rp.death_date
FROM case_roles r JOIN registry_population rp ON rp.id_number = op_norm_id(r.id_number)
WHERE r.kind = 'natural';

-- op_party_enterprise: legal-person parties found in the enterprise register (status,
-- bankruptcy acceptance, administrator).
CREATE OR REPLACE TEMP VIEW op_party_enterprise AS
SELECT r.case_id, r.party_id, r.role, r.side, r.name, r.uscc, r.family, r.type_code,
       r.cause_name, r.filing_date, r.closing_date, r.closing_method,
       re.name AS registered_name, re.status AS registry_status, re.legal_rep AS registered_legal_rep,
       re.bankruptcy_accepted_date, re.administrator_name, re.administrator_uscc
FROM case_roles r JOIN registry_enterprises re ON re.uscc = op_norm_id(r.uscc)
WHERE r.kind = 'legal';

-- op_party_housing_fund: natural-person parties with a housing-provident-fund account.
CREATE OR REPLACE TEMP VIEW op_party_housing_fund AS
SELECT r.case_id, r.party_id, r.role, r.side, r.name, r.id_number, r.family, r.type_code,
       r.filing_date, r.closing_date, r.closing_method,
       hf.balance, hf.retired, hf.retirement_date, hf.as_of AS fund_as_of
FROM case_roles r JOIN registry_housing_fund hf ON hf.id_number = op_norm_id(r.id_number)
WHERE r.kind = 'natural';

-- ---------------------------------------------------------------- related cases
-- op_related_cases: (case, related case, relation): origin / derived (appeal, retrial,
-- enforcement, resumed enforcement) and cases sharing a party identity.
CREATE OR REPLACE TEMP VIEW op_related_cases AS
SELECT case_id, origin_case_id AS related_case_id, 'origin:' || coalesce(origin_relation, '') AS relation
FROM cases WHERE origin_case_id IS NOT NULL
UNION ALL
SELECT origin_case_id, case_id, 'derived:' || coalesce(origin_relation, '') FROM cases
WHERE origin_case_id IS NOT NULL
UNION ALL
SELECT DISTINCT case_id, other_case_id, 'same_party' FROM op_party_overlap;

-- ---------------------------------------------------------------- sentences
-- op_term_end(start, months): last day of a term of `months` months starting on `start`:
-- the day before the corresponding day, or that month's last day where there is none
-- (courtqc.law.sentencing.term_end_from; docs/DOMAIN.md §4.7, convention UNVERIFIED there).
CREATE OR REPLACE TEMP MACRO op_term_end(p_start, p_months) AS
    CASE WHEN day(p_start + to_months(CAST(p_months AS INTEGER))) < day(p_start)
         THEN CAST(p_start + to_months(CAST(p_months AS INTEGER)) AS DATE)
         ELSE CAST(p_start + to_months(CAST(p_months AS INTEGER)) - INTERVAL 1 DAY AS DATE) END;

-- op_sentence_check: each sentence with the term end computed from custody (docs/DOMAIN.md §4.7):
-- fixed term and detention run from the first day in custody (1 day = 1 day); public
-- surveillance runs from term_start (default: after the custody days) and custody counts double.
CREATE OR REPLACE TEMP VIEW op_sentence_check AS
SELECT s.case_id, s.party_id, s.charges, s.principal_penalty, s.term_months, s.probation_months,
       s.custody_start,
       s.custody_days, s.term_start, s.term_end, s.fine_yuan, s.crime_amount,
       c.case_no, c.family, c.type_code, c.cause_name, c.filing_date, c.closing_date,
       CASE WHEN s.principal_penalty IN ('fixed_term', 'criminal_detention')
                 AND s.custody_start IS NOT NULL AND s.term_months IS NOT NULL
                 THEN op_term_end(s.custody_start, s.term_months)
            WHEN s.principal_penalty = 'public_surveillance'
                 AND s.term_months IS NOT NULL AND s.custody_days IS NOT NULL
                 AND coalesce(s.term_start, s.custody_start) IS NOT NULL
                 THEN CAST(op_term_end(coalesce(s.term_start, s.custody_start + to_days(s.custody_days)),
                                       s.term_months) - to_days(2 * s.custody_days) AS DATE)
       END AS expected_term_end
FROM sentences s JOIN cases c ON c.case_id = s.case_id;

-- op_up_to_twice(low, amount): the upper bound "to 2 × amount", never under the floor; NULL
-- (no upper bound known) when the amount is unknown.
CREATE OR REPLACE TEMP MACRO op_up_to_twice(p_low, p_amount) AS
    CASE WHEN p_amount IS NULL THEN NULL ELSE greatest(p_low, 2 * p_amount) END;

-- op_fine_check: each single-charge fine with its lawful range (docs/DOMAIN.md §4.8;
-- courtqc.law.fines.fine_range): theft 1,000 to 2 × amount (no amount: to 100,000);
-- 贪污/受贿 by term band (≤ 3 years or 拘役: 100,000–500,000; 3–10 years: 200,000 to 2 × amount;
-- ≥ 10 years or life: 500,000 to 2 × amount; union at exactly 36 / 120 months); other
-- corruption crimes 100,000 to 2 × amount; otherwise at least 1,000. fine_max NULL = no maximum.
CREATE OR REPLACE TEMP VIEW op_fine_check AS
WITH s AS (
    SELECT s.*, regexp_replace(trim(s.charges), '罪$', '') AS charge,
           c.case_no, c.filing_date, c.closing_date
    FROM sentences s JOIN cases c ON c.case_id = s.case_id
    WHERE s.fine_yuan IS NOT NULL AND NOT contains(s.charges, ';') AND NOT contains(s.charges, '；')
), b AS (
    SELECT s.*,
        CASE
          WHEN principal_penalty IN ('not_guilty', 'exempt') THEN 0
          WHEN charge IN ('盗窃', 'theft') THEN 1000
          WHEN charge IN ('贪污', '受贿', 'embezzlement', 'bribery') THEN
            CASE WHEN principal_penalty IN ('criminal_detention', 'public_surveillance', 'fine_only') THEN 100000
                 WHEN principal_penalty IN ('life', 'death') THEN 500000
                 WHEN term_months <= 36 THEN 100000
                 WHEN term_months <= 120 THEN 200000
                 ELSE 500000 END
          WHEN charge IN ('行贿', '利用影响力受贿', '对有影响力的人行贿', '对单位行贿', '介绍贿赂', '单位行贿') THEN 100000
          ELSE 1000 END AS fine_min,
        CASE
          WHEN principal_penalty IN ('not_guilty', 'exempt') THEN 0
          WHEN charge IN ('盗窃', 'theft') THEN
            CASE WHEN crime_amount IS NULL OR crime_amount <= 0 THEN 100000
                 ELSE greatest(1000, 2 * crime_amount) END
          WHEN charge IN ('贪污', '受贿', 'embezzlement', 'bribery') THEN
            CASE WHEN principal_penalty IN ('criminal_detention', 'public_surveillance', 'fine_only') THEN 500000
                 WHEN principal_penalty IN ('life', 'death') THEN op_up_to_twice(500000, crime_amount)
                 WHEN term_months < 36 THEN 500000
                 WHEN term_months = 36 THEN op_up_to_twice(500000, crime_amount)
                 WHEN term_months < 120 THEN op_up_to_twice(200000, crime_amount)
                 ELSE op_up_to_twice(500000, crime_amount) END
          WHEN charge IN ('行贿', '利用影响力受贿', '对有影响力的人行贿', '对单位行贿', '介绍贿赂', '单位行贿')
            THEN op_up_to_twice(100000, crime_amount)
          ELSE NULL END AS fine_max
    FROM s
)
SELECT case_id, party_id, case_no, charges, charge, principal_penalty, term_months,
       crime_amount, fine_yuan, fine_min, fine_max,
       (fine_yuan < fine_min OR fine_yuan > fine_max) AS out_of_range
FROM b;

-- ---------------------------------------------------------------- interest (civil judgments)
-- op_interest_check: each civil outcome item with the judgment date (closing date = the day the
-- judgment is pronounced, 法释〔2000〕29号 Art. 10), the late-interest article in force then
-- (ref_late_interest_article, docs/DOMAIN.md §4.3) and the interest cap in force at contract
-- formation (ref_interest_cap: 24 % before 2019-08-20, then 4 × one-year LPR; §4.1–4.2).
CREATE OR REPLACE TEMP VIEW op_interest_check AS
SELECT o.case_id, o.item_seq, o.payer_party_id, o.payee_party_id, o.kind, o.amount_yuan,
       o.interest_basis, o.interest_from, o.interest_rate_text, o.interest_annual_pct,
       o.contract_date, o.late_clause_article,
       c.case_no, c.family, c.type_code, c.cause_name, c.closing_method,
       c.closing_date AS judgment_date,
       a.article AS expected_article,
       cap.cap_pct,
       (o.interest_annual_pct > cap.cap_pct) AS over_cap
FROM civil_outcomes o
JOIN cases c ON c.case_id = o.case_id
LEFT JOIN ref_late_interest_article a ON c.closing_date BETWEEN a.valid_from AND a.valid_to
LEFT JOIN ref_interest_cap cap ON o.contract_date BETWEEN cap.valid_from AND cap.valid_to;

-- op_late_interest_clause: per case closed by judgment with a money order (an outcome other
-- than costs), the articles its doubled-late-interest clause cites, how many outcome items
-- carry no article (the clause omitted) and the article in force on the judgment date.
CREATE OR REPLACE TEMP VIEW op_late_interest_clause AS
SELECT case_id, any_value(case_no) AS case_no, any_value(family) AS family,
       any_value(cause_name) AS cause_name, any_value(judgment_date) AS judgment_date,
       any_value(expected_article) AS expected_article,
       coalesce(list_sort(list_distinct(list(late_clause_article) FILTER (WHERE late_clause_article IS NOT NULL))), []) AS cited_articles,
       count(*) FILTER (WHERE late_clause_article IS NULL) AS items_without_article,
       count(*) FILTER (WHERE kind <> 'costs') AS money_items
FROM op_interest_check
WHERE closing_method = 'judgment'
GROUP BY case_id;

-- ---------------------------------------------------------------- time limits (审限)
-- op_time_limit: each case with a 审限 in ref_time_limits (docs/DOMAIN.md §4.9): its deadline
-- (counted from the day after filing, plus approved extensions and excluded periods — the
-- arithmetic of courtqc.law.time_limits.deadline), days left on as_of(), and whether it ran over.
CREATE OR REPLACE TEMP VIEW op_time_limit AS
WITH t AS (
    SELECT c.case_id, c.case_no, c.court_code, c.family, c.procedure, c.trial_procedure,
           c.type_code, c.filing_date, c.closing_date, c.status, c.current_node,
           c.extended_days, c.excluded_days, r.limit_months, r.limit_days, r.basis,
           CAST(c.filing_date + to_months(r.limit_months) AS DATE)
               + r.limit_days + c.extended_days + c.excluded_days AS deadline
    FROM cases c
    JOIN ref_time_limits r ON r.family = c.family AND r.procedure = c.procedure
     AND (r.trial_procedure IS NULL OR r.trial_procedure = coalesce(c.trial_procedure, 'ordinary'))
)
SELECT t.*, as_of() AS as_of,
       date_diff('day', as_of(), t.deadline) AS days_left,
       CASE WHEN t.closing_date IS NOT NULL THEN t.closing_date > t.deadline
            ELSE as_of() > t.deadline END AS overdue
FROM t;

-- ---------------------------------------------------------------- judgment comparison
-- op_judgment_vs_claims: per case, the amount claimed and the principal awarded by the
-- judgment (civil_outcomes), to find awards beyond the claims.
CREATE OR REPLACE TEMP VIEW op_judgment_vs_claims AS
SELECT c.case_id, c.case_no, c.family, c.cause_name, c.closing_method, c.claim_amount,
       sum(o.amount_yuan) FILTER (WHERE o.kind = 'principal') AS principal_awarded,
       sum(o.amount_yuan) FILTER (WHERE o.kind <> 'costs') AS total_awarded
FROM cases c JOIN civil_outcomes o ON o.case_id = c.case_id
GROUP BY c.case_id, c.case_no, c.family, c.cause_name, c.closing_method, c.claim_amount;

-- op_instance_comparison: a second-instance case against the first-instance case it reviews:
-- the appeal result and the principal each judgment awards.
CREATE OR REPLACE TEMP VIEW op_instance_comparison AS
SELECT ar.case_id, ar.origin_case_id, ar.result, ar.reason, a.case_no, o.case_no AS origin_case_no,
       (SELECT sum(amount_yuan) FROM civil_outcomes x WHERE x.case_id = ar.case_id AND x.kind = 'principal') AS appeal_principal,
       (SELECT sum(amount_yuan) FROM civil_outcomes x WHERE x.case_id = ar.origin_case_id AND x.kind = 'principal') AS origin_principal
FROM appeal_results ar
JOIN cases a ON a.case_id = ar.case_id
JOIN cases o ON o.case_id = ar.origin_case_id;

-- ---------------------------------------------------------------- enforcement
-- op_enforcement_termination: enforcement cases closed by 终本 with the origin case, the
-- respondents and the measures taken before (docs/DOMAIN.md §4.10).
CREATE OR REPLACE TEMP VIEW op_enforcement_termination AS
SELECT c.case_id, c.case_no, c.type_code, c.filing_date, c.closing_date AS termination_date,
       c.claim_amount, c.origin_case_id, o.case_no AS origin_case_no, o.type_code AS origin_type_code,
       o.closing_method AS origin_closing_method, o.closing_date AS origin_closing_date,
       date_diff('day', c.filing_date, c.closing_date) AS days_to_termination
FROM cases c LEFT JOIN cases o ON o.case_id = c.origin_case_id
WHERE c.family = 'enforcement' AND c.closing_method = 'termination_current';

-- op_enforcement_root: each enforcement case (执, 执恢) with the 执 case its chain of
-- resumptions started from, to tell one judgment's enforcement from another's.
CREATE OR REPLACE TEMP VIEW op_enforcement_root AS
WITH RECURSIVE ch(case_id, root) AS (
    SELECT case_id, case_id FROM cases WHERE type_code = '执'
    UNION ALL
    SELECT c.case_id, ch.root FROM cases c JOIN ch ON c.origin_case_id = ch.case_id
    WHERE c.type_code = '执恢'
)
SELECT case_id, min(root) AS root FROM ch GROUP BY case_id;
