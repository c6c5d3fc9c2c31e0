// Minimal glob matching for config and allow-list paths (posix separators).
//   **  any number of path segments (including none)    *  any run of characters within a segment
//   ?   one character within a segment                   anything else matches itself
// A pattern also matches every path below it, so "assembly" and "assembly/**" are the same.

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const hit = cache.get(glob);
  if (hit) return hit;
  let g = glob.replace(/\\/g, "/").replace(/^\.\//, "").replace(/^\/+/, "");
  while (g.endsWith("/")) g = g.slice(0, -1);
  let re = "";
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === "*") {
      if (g[i + 1] === "*") {
        const slashAfter = g[i + 2] === "/";
        const atSegStart = i === 0 || g[i - 1] === "/";
        if (atSegStart && slashAfter) {
          re += "(?:.*/)?";
          i += 2;
        } else {
          re += ".*";
          i += 1;
        }
      } else {
        re += "[^/]*";
      }
    } else if (c === "?") {
      re += "[^/]";
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  const out = new RegExp(`^${re}(?:/.*)?$`);
  cache.set(glob, out);
  return out;
}

/** Path as matched by globs: posix, and without a leading "/" so that "**\/x/**" also matches absolute paths. */
export function matchPath(p: string): string {
  return p.replace(/\\/g, "/").replace(/^\/+/, "");
}

export function globMatch(glob: string, p: string): boolean {
  return globToRegExp(glob).test(matchPath(p));
}

export function anyGlobMatch(globs: readonly string[], p: string): boolean {
  return globs.some((g) => globMatch(g, p));
}
