import type { View } from '../app-context';
import { loginView, signupView } from './auth-view';

export function authView(mode: 'login' | 'signup'): View {
  return mode === 'login' ? loginView : signupView;
}
