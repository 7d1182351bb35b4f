import { QueryFailedError } from 'typeorm';
import { errorBody } from '../../src/common/http-exception.filter.js';

const networkError = (message: string, code: string) => Object.assign(new Error(message), { code });
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('errors that mean a dependency is away are 503, not 500', () => {
  it.each([
    // Seen when PostgreSQL is stopped in immediate mode under load (the fault suite's PostgreSQL scenario).
    ['a query cut by a reset connection', failedQuery(networkError('read ECONNRESET', 'ECONNRESET'))],
    ['a connection reset while connecting', networkError('connect ECONNRESET 127.0.0.1:5432', 'ECONNRESET')],
    ['a write to a closed connection', failedQuery(networkError('write EPIPE', 'EPIPE'))],
    ['a refused connection', networkError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a backend terminated by the administrator', failedQuery(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))],
  ])('%s: the database is unavailable', (_, error) => {
    expect(errorBody(error)).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly', code: 'database_unavailable' });
  });

  it('Redis refusing a command while it is away', () => {
    const error = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' });
    expect(errorBody(error)).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Redis is unavailable; try again shortly', code: 'redis_unavailable' });
  });

  it('anything else stays a 500 that says nothing', () => {
    expect(errorBody(new TypeError('x is undefined'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code: 'internal_error' });
  });
});
