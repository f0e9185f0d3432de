import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('live', 'polls');
