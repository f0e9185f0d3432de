/** Who is calling, as proven by a verified access token. */
export interface Principal {
  id: string;
  email: string;
  name: string;
}
