/** The serialisation browsers put in `MessageEvent.origin` for opaque origins. */
export const OPAQUE_ORIGIN = 'null';

/**
 * Whether `value` is an origin exactly as browsers serialise it in
 * `MessageEvent.origin` (`https://crm.example.com`: no path, no trailing
 * slash, default port omitted, lower case), and not opaque. Host and client
 * compare origins as exact strings, so this is the one check of how an
 * origin is written.
 */
export function isExactOrigin(value: string): boolean {
  try {
    const { origin } = new URL(value);
    return origin !== OPAQUE_ORIGIN && origin === value;
  } catch {
    return false;
  }
}
