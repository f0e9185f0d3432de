import { describeRestFuzz } from './rest-fuzz-suite';

describeRestFuzz('programme', 'rooms, tracks, speakers and sessions');
