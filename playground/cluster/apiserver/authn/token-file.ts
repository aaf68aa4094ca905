/**
 * parseTokenAuthFile reads a --token-auth-file: CSV lines `token,user,uid,"group1,group2"`
 * (k8s.io/apiserver plugin/pkg/authenticator/token/tokenfile). A malformed file stops the server
 * from starting, with the real error text.
 */
import type { UserInfo } from '../request';

/** splitCsvLine splits one CSV line, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

export function parseTokenAuthFile(path: string, text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const record = splitCsvLine(line);
    if (record.length < 3) {
      throw new Error(`token file '${path}' must have at least 3 columns (token, user name, unique user ID), found ${record.length}`);
    }
    const [token, name, uid, groups] = record.map((f) => f.trim());
    if (!token) throw new Error(`token file '${path}' line ${index + 1}: token must not be empty`);
    if (tokens.has(token)) throw new Error(`token file '${path}' line ${index + 1}: duplicate token`);
    tokens.set(token, { name, uid, groups: groups ? groups.split(',').map((g) => g.trim()).filter(Boolean) : [] });
  });
  return tokens;
}
