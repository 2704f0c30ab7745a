// GET /api/docs: Swagger UI over /api/openapi.json, browsable on an office network with
// no internet. The page is built once from the swagger-ui-dist package's own files and
// carries them inline: routes answer JSON, HTML or XML only, and one self-contained page
// needs no static-file middleware.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { defineRoute } from '../http/route.js';

const require = createRequire(import.meta.url);

/** Inside a <script> or <style> element these would end it or change how HTML parses it. */
const inlineSafe = (source: string): string => source.replace(/<(\/?script|!--|\/style)/gi, '\\x3C$1');

/** The page's own CSP: its two inline scripts by their hashes, nothing else inline runs. */
const sha256 = (source: string): string => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

const START_SCRIPT = `
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // "Authorize" with the token from POST /api/auth/login, then try any route.
  persistAuthorization: true,
});
`;

async function buildPage(): Promise<{ html: string; csp: string }> {
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const [css, bundle] = await Promise.all([
    readFile(path.join(dir, 'swagger-ui.css'), 'utf8'),
    readFile(path.join(dir, 'swagger-ui-bundle.js'), 'utf8'),
  ]);
  const inlineBundle = inlineSafe(bundle);
  const csp = [
    "default-src 'self'",
    `script-src ${sha256(inlineBundle)} ${sha256(START_SCRIPT)}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MộtCửa API — tài liệu / documentation</title>
<style>${css.replace(/<\/style/gi, '\\3C/style')}</style>
<style>body{margin:0}</style>
</head>
<body>
<div id="swagger-ui"></div>
<script>${inlineBundle}</script>
<script>${START_SCRIPT}</script>
</body>
</html>
`;
  return { html, csp };
}

let page: Promise<{ html: string; csp: string }> | null = null;

export const docsRoutes = [
  defineRoute({
    method: 'get',
    path: '/docs',
    summary: 'Browsable API documentation (Swagger UI over /api/openapi.json)',
    tag: 'system',
    access: 'public',
    responses: { 200: { description: 'An HTML page' } },
    handler: async () => {
      page ??= buildPage().catch((error) => {
        page = null; // a missing package is worth another try after it is installed
        throw error;
      });
      const { html, csp } = await page;
      return { type: 'html', body: html, headers: { 'Cache-Control': 'public, max-age=3600', 'Content-Security-Policy': csp } };
    },
  }),
];
