/**
 * High-signal secret rules: memories and conversation logs are not a secret
 * store. Each rule matches a credential format with a distinctive shape, so
 * false positives stay rare; the matched text is never echoed back.
 */
export interface SecretRule {
  id: string;
  description: string;
  pattern: RegExp;
}

export const SECRET_RULES: readonly SecretRule[] = [
  { id: 'aws_access_key_id', description: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  {
    id: 'aws_secret_access_key',
    description: 'AWS secret access key',
    pattern: /\baws_?secret_?(?:access_?)?key\b["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
  },
  { id: 'github_token', description: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { id: 'private_key', description: 'private key block', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { id: 'slack_token', description: 'Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g },
  { id: 'slack_webhook', description: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,}/g },
  {
    id: 'password_assignment',
    description: 'password assignment',
    // `password=hunter22`, `"password": "s3cret!"`, `PASSWD: x9…`; not placeholders like `password=<…>`, `${PASSWORD}` or `****`.
    pattern: /\b(?:password|passwd|pwd)\b["']?\s*[:=]\s*["']?(?![<{$*%]|\*{3,}|x{3,}\b)[^\s"'<>]{4,}/gi,
  },
];

export interface SecretFinding {
  rule: string;
  description: string;
  /** Offset of the match in the text (never the match itself). */
  index: number;
}

/** Every secret-looking span in `text`, in order. */
export function detectSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const rule of SECRET_RULES) {
    for (const match of text.matchAll(rule.pattern)) findings.push({ rule: rule.id, description: rule.description, index: match.index ?? 0 });
  }
  return findings.sort((a, b) => a.index - b.index);
}

/** `text` with every secret-looking span replaced by `[REDACTED:<rule>]`, and how many were replaced. */
export function redactSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const rule of SECRET_RULES) {
    out = out.replace(rule.pattern, () => {
      count += 1;
      return `[REDACTED:${rule.id}]`;
    });
  }
  return { text: out, count };
}
