"""Getting data into the canonical store: file loading with quarantine (this module), and
— in later work — CMS mappings, change data capture and the CMS event API."""
