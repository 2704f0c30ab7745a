// Every API route, in one list: app.ts mounts them and /api/openapi.json documents them.
import type { RouteSpec } from '../http/route.js';
import { healthRoutes } from './health.js';

export const apiRoutes: RouteSpec[] = [...healthRoutes];
