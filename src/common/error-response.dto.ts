import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'goalAmount must not be greater than 99999999' })
  message: string;

  @ApiProperty({ example: 'validation_failed', description: "A stable snake_case name of the failure, to branch on; the list is this schema's enum" })
  code: string;
}
