import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('declarations', 'declarations and endorsements');
