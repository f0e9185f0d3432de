/**
 * The demo programme in Chinese and Russian, keyed like SILKS_2020, and the interpretation each session
 * offers. Official Chinese names where they exist (国务院发展研究中心, 丝路国际智库网络, 联合国开发计划署);
 * Balazs Horvath's name stays in Latin script, as his own publications write it in both languages.
 * Abstracts are left in English on purpose: the demo then also shows the fallback to the original.
 */
import type { Translations } from '../common/i18n/translations';

type ByKey = Record<string, Translations>;

export const DEMO_EVENT_TRANSLATIONS: Translations = {
  zh: {
    title: '丝路国际智库网络2020年线上年会',
    description:
      '丝路国际智库网络（SiLKS）线上年会在国务院发展研究中心指导下于后疫情时期举行。来自“一带一路”合作伙伴国家的成员和伙伴智库在线相聚，共同维护多边合作，探讨疫情防控与经济复苏、稳定全球供应链和更高质量的增长。丝路国际智库网络与国务院发展研究中心共同发布联合倡议，以应对国际合作机制面临的挑战，推动世界经济复苏和可持续发展。',
  },
  ru: { title: 'Ежегодное онлайн-собрание Сети аналитических центров Шёлкового пути (SiLKS) 2020' },
};

export const DEMO_FIELD_TRANSLATIONS: ByKey = {
  country: { zh: { label: '国家/地区' }, ru: { label: 'Страна' } },
  organisation: { zh: { label: '所在机构' }, ru: { label: 'Организация' } },
  position: { zh: { label: '职务' }, ru: { label: 'Должность' } },
};

/** Organisations are shared by all events, so their tags need not be the event's; zh is used throughout. */
export const DEMO_ORGANIZATION_TRANSLATIONS: ByKey = {
  silks: { zh: { name: '丝路国际智库网络' }, ru: { name: 'Сеть аналитических центров Шёлкового пути' } },
  drc: {
    zh: { name: '国务院发展研究中心', shortName: '国研中心' },
    ru: { name: 'Центр исследования проблем развития при Госсовете КНР' },
  },
  undp: {
    zh: { name: '联合国开发计划署', shortName: '开发署' },
    ru: { name: 'Программа развития ООН', shortName: 'ПРООН' },
  },
  iwep: {
    zh: { name: '世界经济与政治研究所' },
    ru: { name: 'Институт мировой экономики и политики', shortName: 'ИМЭП' },
  },
  cirsd: {
    zh: { name: '国际关系与可持续发展中心' },
    ru: { name: 'Центр международных отношений и устойчивого развития' },
  },
  mekong: { zh: { name: '湄公河学院' }, ru: { name: 'Институт Меконга' } },
  aerc: {
    zh: { name: '非洲经济研究联盟' },
    ru: { name: 'Африканский консорциум экономических исследований' },
  },
  'csis-id': {
    zh: { name: '战略与国际问题研究中心' },
    ru: { name: 'Центр стратегических и международных исследований' },
  },
};

export const DEMO_ROOM_TRANSLATIONS: ByKey = {
  main: { zh: { name: '主会场' }, ru: { name: 'Главная сцена' } },
  panel: { zh: { name: '分论坛会场' }, ru: { name: 'Зал дискуссий' } },
};

export const DEMO_TRACK_TRANSLATIONS: ByKey = {
  cooperation: { zh: { name: '多边合作' }, ru: { name: 'Многостороннее сотрудничество' } },
  recovery: { zh: { name: '经济复苏' }, ru: { name: 'Восстановление экономики' } },
  network: { zh: { name: '网络建设' }, ru: { name: 'Развитие сети' } },
};

export const DEMO_SPEAKER_TRANSLATIONS: ByKey = {
  tao: {
    zh: { name: '陶平生', position: '国务院发展研究中心国际合作局局长' },
    ru: { name: 'Тао Пиншэн', position: 'Генеральный директор Департамента международного сотрудничества' },
  },
  horvath: {
    zh: { position: '联合国开发计划署亚太局“一带一路”高级经济与战略顾问' },
    ru: {
      position:
        'Старший советник по экономике и стратегии по инициативе «Пояс и путь», Региональное бюро ПРООН для Азии и Тихого океана',
    },
  },
  saltybayev: { zh: { position: '所长' }, ru: { name: 'Ержан Салтыбаев', position: 'Директор' } },
  li: { zh: { name: '李文', position: '丝路国际智库网络秘书处主持人' } },
  zhang: { zh: { name: '张悦', position: '丝路国际智库网络秘书处项目官员' } },
  wang: { zh: { name: '王浩', position: '丝路国际智库网络秘书处研究协调员' } },
};

export const DEMO_SESSION_TRANSLATIONS: ByKey = {
  opening: {
    zh: { title: '开幕式暨联合倡议发布' },
    ru: { title: 'Церемония открытия и объявление Совместной инициативы' },
  },
  keynote: {
    zh: { title: '主旨演讲：可持续发展目标与全球协调的新冠肺炎疫情后复苏' },
    ru: {
      title: 'Основной доклад: Цели устойчивого развития и скоординированное восстановление после COVID-19',
    },
  },
  'break-1': { zh: { title: '茶歇' }, ru: { title: 'Перерыв' } },
  'pandemic-panel': {
    zh: { title: '分论坛：疫情防控与经济复苏' },
    ru: { title: 'Панель: борьба с пандемией и восстановление экономики' },
  },
  'supply-chain-panel': {
    zh: { title: '分论坛：稳定全球供应链' },
    ru: { title: 'Панель: стабилизация глобальных цепочек поставок' },
  },
  'growth-panel': {
    zh: { title: '分论坛：医疗卫生、数字经济和环境保护推动高质量增长' },
    ru: {
      title: 'Панель: здравоохранение, цифровая экономика и охрана окружающей среды как двигатели роста',
    },
  },
  'research-roundtable': {
    zh: { title: '研究圆桌会：平衡宏观经济调整与刺激' },
    ru: {
      title: 'Исследовательский круглый стол: баланс макроэкономического регулирования и стимулирования',
    },
  },
  'break-2': { zh: { title: '茶歇' }, ru: { title: 'Перерыв' } },
  'future-of-silks': {
    zh: { title: '丝路国际智库网络的未来：治理、资金、学术交流与研究' },
    ru: { title: 'Будущее SiLKS: управление, финансирование, академический обмен и исследования' },
  },
  closing: { zh: { title: '闭幕式' }, ru: { title: 'Церемония закрытия' } },
};

/** Languages offered as simultaneous interpretation (illustrative, like the agenda itself). */
export const DEMO_INTERPRETATION: Record<string, string[]> = {
  opening: ['en', 'ru'],
  keynote: ['zh', 'ru'],
  'pandemic-panel': ['zh'],
  'supply-chain-panel': ['zh'],
  'growth-panel': ['zh'],
  'research-roundtable': ['zh'],
  'future-of-silks': ['zh', 'ru'],
  closing: ['en', 'ru'],
};
