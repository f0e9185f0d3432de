import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('accounts', 'accounts, events, staff and organisations', true);
