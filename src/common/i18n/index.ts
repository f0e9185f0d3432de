export * from './content-language';
export * from './language-tags';
export * from './localizer';
export * from './translations';
export * from './translations.dto';
export * from './localized-response.dto';
