import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('registrations', 'registrations, seats, bookmarks and the personal calendar');
