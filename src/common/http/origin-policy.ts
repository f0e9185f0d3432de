/**
 * A browser Origin is allowed when it is the origin the request came to (scheme + Host) or one listed in
 * CORS_ORIGINS. Requests without an Origin (servers, scripts) are not browser requests and pass.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  request: { host: string | undefined; secure: boolean },
  allowList: readonly string[],
): boolean {
  if (origin === undefined) {
    return true;
  }
  if (allowList.includes(origin)) {
    return true;
  }
  if (!request.host) {
    return false;
  }
  const sameOrigin = `${request.secure ? 'https' : 'http'}://${request.host.toLowerCase()}`;
  return origin.toLowerCase() === sameOrigin;
}
