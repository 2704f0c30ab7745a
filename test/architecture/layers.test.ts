// The layering the architecture asks for (docs/README.md): the engine is a pure core that
// imports nothing of the server or the web app; nothing outside server/ reaches into
// server/; the application services know nothing of HTTP (no status, no presenter); and
// no file imports itself round a cycle, so each layer can be read, tested and changed on
// its own.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './importGraph.js';

const graph = importGraph();
const edges = [...graph].flatMap(([file, targets]) => targets.map((target) => ({ file, target })));

describe('the import graph', () => {
  it('reads the source tree (a broken reader would pass every rule below)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('server/app.ts')).toContain('server/clock.ts');
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the engine pure: it imports nothing of the server or the web app', () => {
    expect(edges.filter((e) => e.file.startsWith('engine/') && !e.target.startsWith('engine/'))).toEqual([]);
  });

  it('lets nothing outside server/ import from server/: the web app reads the contract', () => {
    expect(edges.filter((e) => !e.file.startsWith('server/') && e.target.startsWith('server/'))).toEqual([]);
  });

  it('keeps the services free of HTTP: they throw coded errors, the routes and presenters in server/http/ answer', () => {
    expect(edges.filter((e) => e.file.startsWith('server/services/') && e.target.startsWith('server/http/'))).toEqual([]);
  });

  it('keeps the contract free of the server and the web app', () => {
    expect(edges.filter((e) => e.file.startsWith('contract/') && !e.target.startsWith('contract/') && !e.target.startsWith('engine/'))).toEqual([]);
  });
});
