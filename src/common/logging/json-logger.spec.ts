import { logger } from './json-logger';

describe('JsonLogger', () => {
  let lines: Record<string, unknown>[];
  let write: jest.SpyInstance;

  beforeEach(() => {
    lines = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
  });

  afterEach(() => {
    write.mockRestore();
    logger.setLevel('silent');
  });

  const startUp = () => {
    logger.log('Starting Nest application...', 'NestFactory');
    logger.log('AgendaModule dependencies initialized', 'InstanceLoader');
    logger.log('AgendaController {/api/events/:slug}:', 'RoutesResolver');
    logger.log('Mapped {/api/events/:slug/agenda, GET} route', 'RouterExplorer');
    logger.log('QaGateway subscribed to the "qa:ask" message', 'WebSocketsController');
    logger.log('Nest application successfully started', 'NestApplication');
  };

  it('should keep Nest start-up messages out of the info level', () => {
    logger.setLevel('info');
    startUp();
    logger.log('Something else Nest says', 'SomeService');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'Something else Nest says' })]);
  });

  it('should log one line per module at debug, without one line per route or socket event', () => {
    logger.setLevel('debug');
    startUp();
    expect(lines.map((line) => [line.level, line.context])).toEqual([
      ['debug', 'NestFactory'],
      ['debug', 'InstanceLoader'],
      ['debug', 'NestApplication'],
    ]);
  });
});
