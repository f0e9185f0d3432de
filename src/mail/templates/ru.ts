import type { MailTextKey } from './en';

export const ru: Record<MailTextKey, string> = {
  greeting: 'Здравствуйте, {name}!',
  signature: 'Plenary',
  eventDates: '{title}, {from} – {to}',
  openEvent: 'Страница мероприятия: {url}',
  calendarAttached: 'Мероприятие приложено как файл календаря (.ics).',
  'registration-confirmed.subject': 'Вы зарегистрированы: {event}',
  'registration-confirmed.body': 'Ваша регистрация на {event} подтверждена.',
  'registration-waitlisted.subject': 'Вы в листе ожидания: {event}',
  'registration-waitlisted.body':
    'Мест на {event} больше нет, поэтому вы в листе ожидания. Мы напишем, когда для вас освободится место.',
  'registration-approved.subject': 'Ваша регистрация одобрена: {event}',
  'registration-approved.body.confirmed': 'Организаторы одобрили вашу регистрацию на {event}. Место за вами.',
  'registration-approved.body.waitlisted':
    'Организаторы одобрили вашу регистрацию на {event}. Мест нет, поэтому вы в листе ожидания.',
  'registration-rejected.subject': 'Ваша регистрация отклонена: {event}',
  'registration-rejected.body': 'Организаторы отклонили вашу регистрацию на {event}.',
  'registration-promoted.subject': 'Для вас освободилось место: {event}',
  'registration-promoted.body':
    'Хорошая новость: освободилось место, и ваша регистрация на {event} подтверждена.',
  'password-reset.subject': 'Сброс пароля Plenary',
  'password-reset.body':
    'Кто-то (надеемся, вы) попросил сбросить пароль вашей учётной записи Plenary. Ссылка действует один раз в течение часа:',
  'password-reset.ignore': 'Если это были не вы, просто проигнорируйте письмо: пароль останется прежним.',
  'programme-changes.subject': 'Изменения в программе: ваших сессий — {count}',
  'programme-changes.body': 'Изменились сессии, которые вы отметили или на которые забронировали место:',
  'change.moved': 'перенесена',
  'change.room-changed': 'другой зал',
  'change.updated': 'обновлена',
  'change.cancelled': 'отменена',
  'session-reminder.subject': 'Через 15 минут: {session}',
  'session-reminder.body': '{session} ({event}) начинается в {time}.',
  'session-reminder.join': 'Перейти к сессии: {url}',
  unsubscribe: 'Отключить эти напоминания: {url}',
};
