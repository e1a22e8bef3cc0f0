import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bareNestGraph } from '../synthetic-graph';
import { FLOOR_BODY, FLOOR_BODY_TEXT } from './floor-body';
import type { ServerFactory } from './server-contract';

@Controller()
class FloorController {
  @Get('floor')
  floor() {
    return FLOOR_BODY;
  }
}

/**
 * Bare NestJS on its Express adapter: no guards, interceptors, pipes or middleware of ours, logger off;
 * one controller answering the floor JSON. Option `modules`: that many empty modules besides, importing
 * one another like the synthetic module graph (`synthetic-graph.ts`).
 */
export const startBareNest: ServerFactory = async (options) => {
  @Module({ imports: bareNestGraph(Number(options.modules ?? 0)), controllers: [FloorController] })
  class BareNestModule {}
  const app = await NestFactory.create(BareNestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return {
    port: ((app.getHttpServer() as Server).address() as AddressInfo).port,
    targets: { floor: { path: '/floor', expectBody: FLOOR_BODY_TEXT } },
    close: () => app.close(),
  };
};
