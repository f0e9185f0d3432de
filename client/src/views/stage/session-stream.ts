import type { Session, Stream } from '../../api/types';
import type { AppContext } from '../../app-context';
import { h } from '../../ui/dom';
import { control, type Control, type FormValues } from '../organizer/crud-section';
import { formStreamTest, streamFields, streamOf, streamValues } from './rooms-stage';

/**
 * The session form's own stream, overriding its room's (e.g. another origin for one ceremony): the same
 * fields and test as a room's. Kind "None" saves null, and the room's stream plays again.
 */
export function sessionStreamEditor(
  ctx: AppContext,
  slug: string,
): {
  element: HTMLElement;
  /** The controls by field name, for the API's field errors (after `savingStream`). */
  controls: Record<string, Control>;
  fill(session: Session | null): void;
  /** The stream to save; a malformed caption line throws an ApiError for `streamCaptions`. */
  read(): Stream | null;
} {
  const controls: Record<string, Control> = {};
  for (const def of streamFields(ctx)) {
    controls[def.name] = control(def);
  }
  const values = (): FormValues => {
    const current: FormValues = {};
    for (const [name, one] of Object.entries(controls)) {
      current[name] = one.get();
    }
    return current;
  };
  const preview = h('div', { class: 'stage-preview' });
  const element = h(
    'fieldset',
    { class: 'field fieldset session-stream' },
    h('legend', null, ctx.t('stage.sessionStream')),
    h('p', { class: 'muted' }, ctx.t('stage.sessionStreamHint')),
    h(
      'div',
      { class: 'form-grid' },
      Object.values(controls).map((one) => one.wrapper),
    ),
    formStreamTest(ctx, slug, preview, values),
    preview,
  );
  return {
    element,
    controls,
    fill(session) {
      preview.replaceChildren();
      const filled = streamValues({ stream: session?.ownStream ?? null });
      for (const [name, value] of Object.entries(filled)) {
        controls[name]?.set(value);
      }
    },
    read: () => streamOf(ctx, values()),
  };
}
