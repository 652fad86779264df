/**
 * Options several commands take, declared once so that their spelling, placeholder and
 * help text are the same everywhere.
 */
export const CONFIG_OPTION = { type: "string", value: "FILE", description: "config file (default: news-digest.config.json if present)" } as const;
export const STATE_OPTION = { type: "string", value: "DIR", description: "state folder (default: the config's send.stateDir)" } as const;
export const TEMPLATES_OPTION = { type: "string", value: "DIR", description: "template folder (default: ./templates, else the built-in one)" } as const;
export const SMTP_OPTION = { type: "string", value: "URL", description: "smtp://user:pass@host:587 (else SMTP_URL, else the config's send.smtp)" } as const;
