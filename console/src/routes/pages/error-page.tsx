/** @jsxImportSource hono/jsx */
import type { HttpError } from '../errors.ts';
import { Layout } from './layout.tsx';

/** The HTML form of an error, for a person in a browser; the API answers in JSON instead. */
export function ErrorPage({ error, requestId }: { error: HttpError; requestId: string }) {
  const title =
    error.status === 404
      ? 'Not found'
      : error.status === 401
        ? 'Please sign in'
        : error.status === 403
          ? 'Not allowed'
          : error.status === 429
            ? 'Too many requests'
            : error.serverFault
              ? 'Something went wrong'
              : 'Bad request';
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{error.message}</p>
      <p class="muted">
        Error <code>{error.code}</code>, request <code>{requestId}</code>.{' '}
        {error.status === 401 ? <a href="/login">Sign in</a> : <a href="/">Back to the fleet</a>}
      </p>
    </Layout>
  );
}
