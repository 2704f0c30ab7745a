// The public contract in code (docs/contract.md): what the server answers, what it
// accepts, what its sockets send, and the shared vocabulary. Node-free: the server, the
// socket layer and the web app import it; the web app never imports server/.
export type * from './views.js';
export type * from './reports.js';
export type * from './citizens.js';
export * from './events.js';
export * from './requests.js';
export * from './enums.js';
export * from './messages.js';
export * from './permissions.js';
export * from './text.js';
