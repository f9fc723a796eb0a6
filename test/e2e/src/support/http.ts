/** GET a console JSON API path and return the parsed body; throws on a non-2xx status. */
export async function getJson<T = unknown>(baseUrl: string, pathAndQuery: string): Promise<T> {
  const response = await fetch(new URL(pathAndQuery, baseUrl));
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
