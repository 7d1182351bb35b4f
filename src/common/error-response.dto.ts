import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'title must be between 1 and 200 characters' })
  message: string;

  @ApiProperty({ example: 'validation_failed', description: "A stable snake_case name of the failure, to branch on; the list is this schema's enum" })
  code: string;
}
