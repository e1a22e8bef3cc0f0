/**
 * The framework pieces a module uses, re-exported so that a module's imports all come from
 * `@tessera/module-sdk` and always resolve to the same copies the platform runs (NestJS, MikroORM,
 * zod and nestjs-zod are peer dependencies of the SDK, never bundled twice).
 *
 * @example
 * ```ts
 * import { Controller, Entity, Get, Property, RequirePermissions, TenantOwnedEntity, z, createZodDto } from '@tessera/module-sdk';
 * ```
 */
export {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Optional,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
export {
  Collection,
  Embeddable,
  Embedded,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  OptionalProps,
  PrimaryKey,
  Property,
  QueryOrder,
  Unique,
} from '@mikro-orm/core';
export { EntityManager } from '@mikro-orm/postgresql';
// Inject it for typed reads of your own namespace: `ConfigService<MyConfig, true>`, `.get('key', { infer: true })`.
export { ConfigService } from '@nestjs/config';
export { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
export { createZodDto } from 'nestjs-zod';
export { z } from 'zod';
