import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CUSTOM_FIELD_TARGETS, RequirePermissions, type CustomFieldTargetCatalog } from '@tessera/module-sdk';

@ApiTags('custom-fields')
@ApiBearerAuth()
@Controller('custom-fields/targets')
export class TargetsController {
  constructor(@Inject(CUSTOM_FIELD_TARGETS) private readonly targets: CustomFieldTargetCatalog) {}

  @Get()
  @RequirePermissions('custom-fields.read')
  @ApiOperation({ summary: 'The entity types tenant admins can add custom fields to.' })
  list() {
    return { data: this.targets.all().map(({ name, description, module }) => ({ name, description, module })) };
  }
}
