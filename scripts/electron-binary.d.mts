export function electronBinary(
  root: string,
  options?: { needsDisplay?: boolean },
): { path: string; why?: undefined } | { path?: undefined; why: string };
