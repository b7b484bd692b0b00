/**
 * A connection URL fit for a log line or an error: any password replaced by `***`.
 *
 * @example redactUrl('amqp://guest:guest@127.0.0.1:5672') // 'amqp://guest:***@127.0.0.1:5672'
 */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
  } catch {
    return '(unparseable URL)';
  }
}
