import { makeEvent, makeSession } from '../../test/factories/event.factory';
import { createTestApp, TestApp } from '../../test/utils/create-test-app';
import { DomainEvents } from '../common/domain-events/domain-events';
import { LiveSessionsService } from './live-sessions.service';

describe('BroadcastListener (session views for change notices)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should build one session view for a burst of notices and a new one for a later burst', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const view = jest.spyOn(t.app.get(LiveSessionsService), 'broadcastView');
    const events = t.app.get(DomainEvents);
    const notify = (userId: string) =>
      events.emit('notification.created', {
        userId,
        eventId: event.id,
        sessionId: session.id,
        notificationId: `n-${userId}`,
      });

    // One notice per recipient, emitted synchronously, as NotificationsService does after a change.
    ['a', 'b', 'c', 'd'].forEach(notify);
    expect(view).toHaveBeenCalledTimes(1);

    await new Promise((resolve) => setImmediate(resolve));
    notify('e');
    expect(view).toHaveBeenCalledTimes(2);
    view.mockRestore();
  });
});
