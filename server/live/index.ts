// Live updates over socket.io: the gateway (handshake, rooms), the outbox publisher and
// the table of which effect becomes which event for whom.
export { LiveGateway, type LiveOptions, type SocketData } from './gateway.js';
export { OutboxPublisher, type PublisherOptions } from './publisher.js';
export { emissionsFor, type Emission, type DossierSummary, type TaskPayload } from './events.js';
export { roomsOf, userRoom, agencyRoom, roleRoom, dashboardRoom, dashboardRooms, DASHBOARD_ROOM } from './rooms.js';
export type { PostgresAdapterConfig } from './postgresAdapter.js';
