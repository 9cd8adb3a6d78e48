"""Getting data into the canonical store: canonical-layout file load with quarantine
(`load`), CMS mappings (`mapping`), change data capture from the CMS's PostgreSQL log
(`cdc`), the CMS event API (`events_api`) and CMS-layout file import."""
