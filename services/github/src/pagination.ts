/**
 * GitHub pages lists with a `Link` header (RFC 8288):
 * `<https://api.github.com/user/repos?page=3&per_page=30>; rel="next", <…?page=50>; rel="last"`.
 * Tools return the next page number as their cursor; absent means the last page.
 */
export function nextPage(link: string | undefined): number | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (!match?.[1] || !match[2]?.split(/\s+/).includes('next')) continue;
    try {
      const page = Number(new URL(match[1]).searchParams.get('page'));
      return Number.isInteger(page) && page > 0 ? page : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
