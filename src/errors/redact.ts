/**
 * The one redaction of credentials in text the tool prints: every `user:password@` in a URL
 * (or in something meant as one: a bad port, an unknown scheme, an unclosed bracket, no
 * scheme at all) becomes `user:***@`. Applied to every error and warning message when it is
 * made, and to the CLI's last-resort report, so that no path echoes a password.
 *
 * @module
 */

/**
 * A run of URL-ish characters up to its last `@`: the authority's userinfo (and, harmlessly,
 * anything before it in the same token).
 */
const USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^\s"'<>()[\]{}`@]*:[^\s"'<>`]*)@/g;

/** `text` with the password of every `user:password@` replaced by `***` (the user is kept). */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, (match: string, scheme: string | undefined, userinfo: string) => {
    const user = userinfo.slice(0, userinfo.indexOf(':'));
    const password = userinfo.slice(user.length + 1);
    // Without a scheme, a "password" that is empty, starts with @ or holds a / is not one: it
    // is an npm alias ("npm:@tensorflow/tfjs@4.22.0") or a path, and must reach the user whole.
    if (
      scheme === undefined &&
      (password === '' || password.startsWith('@') || password.includes('/'))
    )
      return match;
    // A scheme-less token such as "http:u:pw" keeps only what precedes the first colon.
    return `${scheme ?? ''}${user}:***@`;
  });
}

/**
 * One URL as given by the user, for quoting in a message: everything between the scheme and
 * the last `@` is the userinfo, whatever it holds (spaces, quotes, slashes), and its password
 * becomes `***`. Unparseable URLs included.
 */
export function redactUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = url.indexOf('://');
  const start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
  const userinfo = url.slice(start, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${url.slice(0, start)}${userinfo.slice(0, colon)}:***${url.slice(at)}`;
}
