import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('afterMeeting', 'certificates of attendance');
