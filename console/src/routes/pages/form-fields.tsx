/** @jsxImportSource hono/jsx */

/** The person acting, named in each action form until accounts exist. */
export function ActorField() {
  return (
    <>
      <label for="actor">Your name</label>
      <input id="actor" name="actor" required maxlength={128} autocomplete="name" />
    </>
  );
}

/** A fixed message chosen by a code from the query string: never text taken from the URL. */
export function Notice({ code, messages }: { code: string | undefined; messages: Record<string, string> }) {
  const message = code === undefined ? undefined : messages[code];
  return message === undefined ? null : <p class="notice">{message}</p>;
}
