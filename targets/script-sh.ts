/**
 * The POSIX sh gatherer: all of a scan's requests for one host become one script, run in one
 * exec channel (`sh -s`, the script on standard input). Every value from a check or a user is
 * quoted; every answer is capped and framed (see frames.ts).
 */
import { DEFAULT_MAX_BYTES, type CommandRequest, type FileRequest, type GlobRequest } from '../core/evidence.js';
import { shQuote } from '../core/quote.js';

export type ShRequest = FileRequest | GlobRequest | CommandRequest;

/** Quote a glob for sh: literal parts quoted, `*` and `?` and simple `[...]` classes left live. */
export function shGlob(pattern: string): string | undefined {
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal) out += shQuote(literal);
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') {
      flush();
      out += c;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) return undefined;
      const cls = pattern.slice(i + 1, close);
      if (!/^!?[A-Za-z0-9_-]+$/.test(cls)) return undefined;
      flush();
      out += `[${cls}]`;
      i = close;
    } else {
      literal += c;
    }
  }
  flush();
  return out;
}

/**
 * The folders a glob must pass through, each as an sh word (itself a glob when an earlier component
 * is one): every folder must be searchable, and listable when the next component has a wildcard.
 */
export function globFolders(pattern: string): Array<{ glob: string; list: boolean }> | undefined {
  const parts = pattern.split('/');
  const out: Array<{ glob: string; list: boolean }> = [];
  for (let k = 1; k < parts.length; k++) {
    if (parts[k] === '' || parts[k] === '.') continue;
    const prefix = parts.slice(0, k).join('/') || (pattern.startsWith('/') ? '/' : '.');
    const glob = shGlob(prefix);
    if (!glob) return undefined;
    out.push({ glob, list: /[*?[]/.test(parts[k]) });
  }
  return out;
}

/* eslint-disable max-len -- POSIX sh script text: its lines are the script's; wrap one only in sh syntax and with a
   real sh run (test/engine/gatherer.test.ts), not in a formatting change. */
const PRELUDE = String.raw`LC_ALL=C; export LC_ALL
PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"; export PATH
umask 077
if command -v base64 >/dev/null 2>&1; then pa_enc=b64; pa_b() { base64 | tr -d '\n'; }; else pa_enc=hex; pa_b() { od -An -v -tx1 | tr -d ' \n'; }; fi
if timeout 5 true >/dev/null 2>&1; then pa_to() { s=$1; shift; timeout -k 2 "$s" "$@"; }; else pa_to() { shift; "$@"; }; fi
pa_t=$(mktemp -d 2>/dev/null) || { pa_t=/tmp/posaudit.$$; mkdir -m 700 "$pa_t" || exit 97; }
trap 'rm -rf "$pa_t"' EXIT
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM
pa_h() { printf '\n@@%s %s %s %s %s\n' "$pa_n" "$1" "$2" "$3" "$pa_enc"; }
pa_e() { printf '\n@@%s END %s\n' "$pa_n" "$1"; }
pa_file() {
  if [ ! -e "$2" ]; then pa_h "$1" missing nofile; pa_e 0; return; fi
  if [ -d "$2" ]; then pa_h "$1" error isdir; pa_e 0; return; fi
  if [ ! -f "$2" ]; then pa_h "$1" error notfile; pa_e 0; return; fi
  if [ ! -r "$2" ]; then pa_h "$1" denied denied; pa_e 0; return; fi
  pa_h "$1" ok -; head -c "$3" < "$2" 2>/dev/null | pa_b; pa_e 0
}
pa_gd() {
  m=$1; shift
  for d in "$@"; do
    [ -d "$d" ] || continue
    if [ ! -x "$d" ] || { [ "$m" = rx ] && [ ! -r "$d" ]; }; then pa_d=$d; return; fi
  done
}
pa_cmd() {
  pa_h "$1" ok -
  { pa_to "$3" sh -c "$2" 2>"$pa_t/e" </dev/null; echo $? >"$pa_t/rc"; } | head -c "$4" | pa_b
  pa_e "$(cat "$pa_t/rc" 2>/dev/null || echo 141)"
  pa_h "$1:err" ok -; head -c 4096 "$pa_t/e" 2>/dev/null | pa_b; pa_e 0
}
`;

const PLATFORM = String.raw`pa_h P ok -; { uname -s; uname -r; uname -m; (hostname 2>/dev/null || cat /proc/sys/kernel/hostname 2>/dev/null || uname -n); } 2>/dev/null | pa_b; pa_e 0
pa_h O ok -; { cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; } | head -c 65536 | pa_b; pa_e 0
`;
/* eslint-enable max-len */

export interface ShScriptItem {
  id: string;
  req: ShRequest;
}

/** Generate the script. Items whose value cannot be expressed safely are left out (the caller answers them `error`). */
export function buildShScript(items: ShScriptItem[], nonce: string): { script: string; rejected: Set<string> } {
  const rejected = new Set<string>();
  const lines: string[] = [`pa_n=${shQuote(nonce)}`, PRELUDE, PLATFORM];
  for (const { id, req } of items) {
    const cap = (req.maxBytes ?? DEFAULT_MAX_BYTES) + 1;
    const qid = shQuote(id);
    try {
      switch (req.kind) {
        case 'file':
          lines.push(`pa_file ${qid} ${shQuote(req.path)} ${cap}`);
          break;
        case 'glob': {
          const g = shGlob(req.pattern);
          if (!g) {
            rejected.add(id);
            break;
          }
          const folders = globFolders(req.pattern);
          if (!folders) {
            rejected.add(id);
            break;
          }
          // A folder the pattern must search or list but cannot: `denied` naming it, not an empty listing.
          lines.push('pa_d=', ...folders.map((f) => `[ -n "$pa_d" ] || pa_gd ${f.list ? 'rx' : 'x'} ${f.glob}`));
          lines.push(
            `if [ -n "$pa_d" ]; then pa_h ${qid} denied denied; printf '%s' "$pa_d" | pa_b; pa_e 0; else`,
            `pa_h ${qid} ok -; for p in ${g}; do if [ -e "$p" ] || [ -L "$p" ]; then printf '%s\\000' "$p"; fi; done | ` +
              `head -c ${req.read ? 1 << 20 : cap} | pa_b; pa_e 0`,
          );
          if (req.read) {
            const maxFiles = req.maxEntries ?? 200;
            lines.push(
              `pa_i=0; for p in ${g}; do [ "$pa_i" -ge ${maxFiles} ] && break; if [ -f "$p" ] && [ -r "$p" ]; then ` +
                `pa_i=$((pa_i+1)); pa_h ${shQuote(id + '+')}"$pa_i" ok -; printf '%s' "$p" | pa_b; printf '.'; head -c ${cap}` +
                ` < "$p" 2>/dev/null | pa_b; pa_e 0; fi; done`,
            );
          }
          lines.push('fi');
          break;
        }
        case 'command': {
          const secs = Math.max(1, Math.ceil((req.timeoutMs ?? 30_000) / 1000));
          lines.push(`pa_cmd ${qid} ${shQuote(req.command.sh ?? 'false')} ${secs} ${cap}`);
          break;
        }
      }
    } catch {
      rejected.add(id);
    }
  }
  lines.push(`pa_h Z ok -; pa_e 0`);
  return { script: lines.join('\n') + '\n', rejected };
}
