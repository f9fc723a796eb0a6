/** Device strings built to break a page that does not escape or bound them. */
export const SCRIPT = '<script>window.__pwned = "script"</script>';
export const ATTRIBUTE = '"><img src=x onerror="window.__pwned=\'img\'">';
export const LONG = `${'W'.repeat(250)}`;
export const LONG_WORDS = Array.from({ length: 25 }, (_, i) => `segment${i}`).join('/');
