// Every API route, in one list: app.ts mounts them and /api/openapi.json documents them.
import type { RouteSpec } from '../http/route.js';
import { healthRoutes } from './health.js';
import { dashboardRoutes } from './dashboard.js';
import { index766Routes } from './index766.js';
import { formRoutes } from './forms.js';
import { fileRoutes } from './files.js';
import { publicRoutes } from './public.js';
import { citizenRoutes } from './citizens.js';
import { adminClockRoutes } from './adminClock.js';
import { adminIncidentRoutes } from './adminIncidents.js';
import { agencyRoutes } from './agencies.js';
import { authRoutes } from './auth.js';
import { calendarRoutes } from './calendar.js';
import { docsRoutes } from './docs.js';
import { dossierRoutes } from './dossiers.js';
import { procedureRoutes } from './procedures.js';
import { taskRoutes } from './tasks.js';
import { userRoutes } from './users.js';

export const apiRoutes: RouteSpec[] = [
  ...healthRoutes,
  ...adminClockRoutes,
  ...adminIncidentRoutes,
  ...authRoutes,
  ...procedureRoutes,
  ...dossierRoutes,
  ...taskRoutes,
  ...agencyRoutes,
  ...userRoutes,
  ...calendarRoutes,
  ...docsRoutes,
  ...formRoutes,
  ...fileRoutes,
  ...dashboardRoutes,
  ...index766Routes,
  ...publicRoutes,
  // Issue 17: online filing, webhooks, the portal, payments, ratings.
  ...citizenRoutes,
];
