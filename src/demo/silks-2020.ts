/**
 * The demo event: the Online Annual Meeting of the Silk Road Think Tank Network (SiLKS), 2020.
 *
 * Facts kept from the real meeting (see ../shared/PRODUCT.md): guided by the Development Research Center of
 * the State Council (DRC), held online in the post-epidemic period, the launch of a Joint Initiative with the
 * DRC, the three named speakers and their titles, the organisations, the themes and the Ministry of Commerce
 * figures. The real meeting took place online on the afternoon of 29 September 2020 (Beijing time); the demo
 * keeps that date and adds a second afternoon, 30 September 2020, so it can show a two-day agenda with
 * parallel sessions. The agenda itself is illustrative: it follows the meeting's themes, but its session
 * order and panel line-ups are not a record of who spoke when, and no abstract quotes anyone.
 *
 * Li Wen, Zhang Yue and Wang Hao are fictional Secretariat staff (the demo moderator and panel chairs).
 */
import { SessionKind } from '../agenda/agenda-session.entity';
import { ParticipantRole } from '../agenda/session-participant.entity';
import { RegistrationField } from '../events/event.entity';
import type { Stream } from '../programme/stream';
import { DEMO_EVENT_SLUG, DEMO_MODERATOR } from './demo-accounts';

/** The demo clip's master playlist, a static file of the browser client (client/public/demo-stage). */
export const DEMO_STAGE_URL = '/demo-stage/master.m3u8';

export interface DemoOrganization {
  key: string;
  name: string;
  shortName: string | null;
  country: string | null;
  url: string | null;
}

export interface DemoSpeaker {
  key: string;
  name: string;
  position: string;
  organization: string;
  bio: string | null;
  /** Email of the demo account this profile belongs to. */
  accountEmail?: string;
}

export interface DemoSession {
  key: string;
  title: string;
  kind: SessionKind;
  /** `YYYY-MM-DD` and `HH:MM` in the event time zone. */
  date: string;
  start: string;
  end: string;
  /** Null only for breaks. */
  room: string | null;
  track: string | null;
  language: string;
  abstract: string;
  qaModerated?: boolean;
  capacity?: number;
  participants: [speaker: string, role: ParticipantRole][];
}

export interface DemoData {
  event: {
    slug: string;
    title: string;
    description: string;
    timezone: string;
    startsOn: string;
    endsOn: string;
    languages: string[];
    registrationCapacity: number;
    registrationRequiresApproval: boolean;
    registrationFields: RegistrationField[];
  };
  organizations: DemoOrganization[];
  /** `stream`: what the room's stage plays; the Panel Room has none, so its stage shows the slate. */
  rooms: { key: string; name: string; capacity: number; stream: Stream | null }[];
  tracks: { key: string; name: string; color: string }[];
  speakers: DemoSpeaker[];
  sessions: DemoSession[];
}

export const SILKS_2020: DemoData = {
  event: {
    slug: DEMO_EVENT_SLUG,
    title: 'SiLKS Online Annual Meeting 2020',
    description:
      'The Online Annual Meeting of the Silk Road Think Tank Network (SiLKS), held under the guidance of the ' +
      'Development Research Center of the State Council (DRC) during the post-epidemic period. Member and ' +
      'partner think tanks from Belt and Road partner countries meet online to protect multilateral ' +
      'cooperation and discuss pandemic control and economic resurgence, stable global supply chains and ' +
      'higher-quality growth. SiLKS and the DRC launch a Joint Initiative to meet the challenges facing ' +
      'international cooperation mechanisms and to promote the recovery and sustainable development of the ' +
      'global economy.',
    timezone: 'Asia/Shanghai',
    startsOn: '2020-09-29',
    endsOn: '2020-09-30',
    languages: ['en', 'zh', 'ru'],
    registrationCapacity: 500,
    registrationRequiresApproval: false,
    registrationFields: [
      { key: 'country', label: 'Country', type: 'text', required: true },
      { key: 'organisation', label: 'Organisation', type: 'text', required: true },
      { key: 'position', label: 'Position', type: 'text', required: false },
    ],
  },

  organizations: [
    {
      key: 'silks',
      name: 'Silk Road Think Tank Network',
      shortName: 'SiLKS',
      country: null,
      url: 'http://www.esilks.org',
    },
    {
      key: 'drc',
      name: 'Development Research Center of the State Council',
      shortName: 'DRC',
      country: 'China',
      url: 'http://en.drc.gov.cn',
    },
    {
      key: 'undp',
      name: 'United Nations Development Programme',
      shortName: 'UNDP',
      country: null,
      url: 'https://www.undp.org',
    },
    {
      key: 'iwep',
      name: 'Institute of World Economics and Politics',
      shortName: 'IWEP',
      country: 'Kazakhstan',
      url: null,
    },
    {
      key: 'cirsd',
      name: 'Center for International Relations and Sustainable Development',
      shortName: 'CIRSD',
      country: 'Serbia',
      url: 'https://www.cirsd.org',
    },
    {
      key: 'mekong',
      name: 'Mekong Institute',
      shortName: 'MI',
      country: 'Thailand',
      url: 'https://mekonginstitute.org',
    },
    {
      key: 'aerc',
      name: 'African Economic Research Consortium',
      shortName: 'AERC',
      country: 'Kenya',
      url: 'https://aercafrica.org',
    },
    {
      key: 'csis-id',
      name: 'Centre for Strategic and International Studies',
      shortName: 'CSIS',
      country: 'Indonesia',
      url: 'https://www.csis.or.id',
    },
  ],

  rooms: [
    // A short looping clip served by Plenary itself (scripts/make-demo-stage.mjs builds it): a slide and the
    // opening words in Chinese, with English and Russian interpretation and captions.
    { key: 'main', name: 'Main Stage', capacity: 500, stream: { kind: 'hls', url: DEMO_STAGE_URL } },
    { key: 'panel', name: 'Panel Room', capacity: 300, stream: null },
  ],

  tracks: [
    { key: 'cooperation', name: 'Multilateral Cooperation', color: '#1F6FB4' },
    { key: 'recovery', name: 'Economic Recovery', color: '#2A9D8F' },
    { key: 'network', name: 'Network Development', color: '#E76F51' },
  ],

  speakers: [
    {
      key: 'tao',
      name: 'Tao Pingsheng',
      position: 'Director General, Department of International Cooperation',
      organization: 'drc',
      bio: null,
    },
    {
      key: 'horvath',
      name: 'Balazs Horvath',
      position: 'RBAP Senior Economic and Strategic Advisor on Belt & Road Initiative',
      organization: 'undp',
      bio: null,
    },
    {
      key: 'saltybayev',
      name: 'Yerzhan Saltybayev',
      position: 'Director',
      organization: 'iwep',
      bio: null,
    },
    {
      key: 'li',
      name: DEMO_MODERATOR.name,
      position: 'Moderator, SiLKS Secretariat',
      organization: 'silks',
      bio: 'Coordinates the Secretariat’s online meetings and moderates audience questions.',
      accountEmail: DEMO_MODERATOR.email,
    },
    {
      key: 'zhang',
      name: 'Zhang Yue',
      position: 'Programme Officer, SiLKS Secretariat',
      organization: 'silks',
      bio: 'Follows the network’s joint research on trade, investment and supply chains.',
    },
    {
      key: 'wang',
      name: 'Wang Hao',
      position: 'Research Coordinator, SiLKS Secretariat',
      organization: 'silks',
      bio: 'Coordinates joint research and academic exchange between member think tanks.',
    },
  ],

  sessions: [
    {
      key: 'opening',
      title: 'Opening ceremony and launch of the Joint Initiative',
      kind: 'ceremony',
      date: '2020-09-29',
      start: '14:00',
      end: '14:40',
      room: 'main',
      track: 'cooperation',
      language: 'zh',
      abstract:
        'The Secretariat of the Silk Road Think Tank Network opens the online Annual Meeting, held under the ' +
        'guidance of the Development Research Center of the State Council (DRC). SiLKS and the DRC launch the ' +
        'Joint Initiative, which calls on member and partner think tanks to meet the challenges facing ' +
        'international cooperation mechanisms and to promote the recovery and sustainable development of the ' +
        'global economy. In Chinese, with simultaneous interpretation into English.',
      participants: [
        ['li', 'host'],
        ['tao', 'speaker'],
      ],
    },
    {
      key: 'keynote',
      title: 'Keynote: The Sustainable Development Goals and a globally coordinated COVID-19 recovery',
      kind: 'keynote',
      date: '2020-09-29',
      start: '14:40',
      end: '15:10',
      room: 'main',
      track: 'cooperation',
      language: 'en',
      abstract:
        'COVID-19 has set back progress on the 2030 Agenda in many Belt and Road partner countries. The ' +
        'keynote addresses why the recovery has to be coordinated globally and anchored in the Sustainable ' +
        'Development Goals, why multilateral cooperation needs protecting now, and how think tanks can help ' +
        'align recovery policies across borders.',
      participants: [['horvath', 'speaker']],
    },
    {
      key: 'break-1',
      title: 'Break',
      kind: 'break',
      date: '2020-09-29',
      start: '15:10',
      end: '15:25',
      room: null,
      track: null,
      language: 'en',
      abstract: 'A short break before the parallel panels. Both rooms open again at 15:25 Beijing time.',
      participants: [],
    },
    {
      key: 'pandemic-panel',
      title: 'Panel: Pandemic control and economic resurgence',
      kind: 'panel',
      date: '2020-09-29',
      start: '15:25',
      end: '16:40',
      room: 'main',
      track: 'recovery',
      language: 'en',
      qaModerated: true,
      abstract:
        'Countries face the twin task of containing the epidemic and restarting growth. The panel compares ' +
        'how partner economies have balanced macro-economic adjustment with stimulus, which measures ' +
        'protected jobs and livelihoods, and where cooperation along the Belt and Road can speed up the ' +
        'economic resurgence. Audience questions are reviewed by the moderator before they appear.',
      participants: [
        ['li', 'moderator'],
        ['saltybayev', 'panelist'],
        ['tao', 'panelist'],
      ],
    },
    {
      key: 'supply-chain-panel',
      title: 'Panel: Stabilising the global supply chain',
      kind: 'panel',
      date: '2020-09-29',
      start: '15:25',
      end: '16:40',
      room: 'panel',
      track: 'cooperation',
      language: 'en',
      abstract:
        'The pandemic has disrupted production and logistics worldwide. The panel looks at how trade and ' +
        'investment with Belt and Road partners held up in 2020 and what keeps supply chains open and ' +
        'resilient. Ministry of Commerce data set the scene: outward direct investment (ODI) into ' +
        'BRI-related economies was 17.2% of the total for January–August, up 4.8 percentage points year on ' +
        'year; new contracted projects in these economies were worth USD 72.95 billion and completed ' +
        'turnover USD 46.02 billion, both more than half of the total.',
      participants: [
        ['zhang', 'moderator'],
        ['horvath', 'panelist'],
        ['wang', 'panelist'],
      ],
    },
    {
      key: 'growth-panel',
      title: 'Panel: Healthcare, the digital economy and environmental protection as drivers of growth',
      kind: 'panel',
      date: '2020-09-30',
      start: '14:00',
      end: '15:15',
      room: 'main',
      track: 'recovery',
      language: 'en',
      abstract:
        'Which sectors can carry a recovery of higher quality? The panel discusses investment in public ' +
        'health systems, the digital economy that kept trade and services running during lockdowns, and ' +
        'environmental protection as drivers of higher-quality growth, with examples from member and partner ' +
        'think tanks across the Belt and Road.',
      participants: [
        ['zhang', 'moderator'],
        ['horvath', 'panelist'],
        ['saltybayev', 'panelist'],
      ],
    },
    {
      key: 'research-roundtable',
      title: 'Research roundtable: balancing macro-economic adjustment and stimulus',
      kind: 'workshop',
      date: '2020-09-30',
      start: '14:00',
      end: '15:15',
      room: 'panel',
      track: 'recovery',
      language: 'en',
      capacity: 60,
      abstract:
        'A working session for researchers of member think tanks: how governments can sequence ' +
        'macro-economic adjustment and stimulus through the recovery, and which of these questions SiLKS ' +
        'members want to study together next year. Open discussion; participants are invited to share their ' +
        'institutions’ recent findings. Seats are limited.',
      participants: [
        ['li', 'host'],
        ['wang', 'speaker'],
      ],
    },
    {
      key: 'break-2',
      title: 'Break',
      kind: 'break',
      date: '2020-09-30',
      start: '15:15',
      end: '15:30',
      room: null,
      track: null,
      language: 'en',
      abstract: 'A short break. The meeting continues on the Main Stage at 15:30 Beijing time.',
      participants: [],
    },
    {
      key: 'future-of-silks',
      title: 'The future of SiLKS: governance, funding, academic exchange and research',
      kind: 'panel',
      date: '2020-09-30',
      start: '15:30',
      end: '16:30',
      room: 'main',
      track: 'network',
      language: 'en',
      abstract:
        'Five years after its founding in 2015, SiLKS discusses how to grow into an influential network: ' +
        'sound governance, adequate funding, dynamic academic exchanges between member think tanks and ' +
        'meaningful research findings for policymakers. Members and partners are invited to put forward ' +
        'proposals for the year ahead.',
      participants: [
        ['li', 'moderator'],
        ['tao', 'panelist'],
        ['saltybayev', 'panelist'],
        ['wang', 'panelist'],
      ],
    },
    {
      key: 'closing',
      title: 'Closing ceremony',
      kind: 'ceremony',
      date: '2020-09-30',
      start: '16:30',
      end: '17:00',
      room: 'main',
      track: 'network',
      language: 'zh',
      abstract:
        'A summary of the two afternoons’ discussions and of the Joint Initiative, and the Secretariat’s ' +
        'plans for the network’s joint research and exchanges in the coming year. In Chinese, with ' +
        'simultaneous interpretation into English.',
      participants: [
        ['li', 'host'],
        ['tao', 'speaker'],
      ],
    },
  ],
};
