// Telling the citizen (issue 17): four moments — the dossier is received (its code and
// appointment), a supplement is requested (what is missing), an apology (the new date),
// the result is ready — in Vietnamese, by the channels the citizen chose at intake
// (`applicant.notify`: email, sms, zalo; absent: e-mail when an address was given). The
// texts are made when the outbox row is fanned out (fanout.ts) and stored with the
// delivery, so a retry sends the very same words. E-mail goes over SMTP (nodemailer); SMS
// and Zalo through HTTP adapters (POST {to, text}) of the operator's provider.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Applicant, DossierState } from '../../engine/index.js';
import { vnDateTime } from '../forms/format.js';
import type { HttpAdapter, IntegrationConfig } from './config.js';

export type NoticeKind = 'received' | 'supplementRequested' | 'apology' | 'resultReady';
export type Channel = 'email' | 'sms' | 'zalo';

export interface Notice {
  subject: string;
  text: string;
}

export interface NoticeFacts {
  code: string;
  procedureName: string;
  applicantName: string;
  state: DossierState;
  /** Where the citizen collects the result (a center's name), or null when it goes by post. */
  returnPlace: string | null;
  /** Where to bring the missing papers (the receiving center's name). */
  receivingPlace: string;
}

/** The message of one moment, in Vietnamese. */
export function renderNotice(kind: NoticeKind, f: NoticeFacts): Notice {
  const greeting = `Kính gửi ông/bà ${f.applicantName},`;
  const footer = `Tra cứu tình trạng hồ sơ bằng mã hồ sơ ${f.code} và mã tra cứu trên giấy tiếp nhận.\nTrung tâm Phục vụ hành chính công — hệ thống MộtCửa.`;
  const s = f.state;
  switch (kind) {
    case 'received':
      return {
        subject: `Hồ sơ ${f.code} đã được tiếp nhận`,
        text: [
          greeting,
          `Hồ sơ ${f.code} (${f.procedureName}) đã được tiếp nhận.`,
          `Ngày hẹn trả kết quả: ${vnDateTime(s.appointmentAt)}.`,
          footer,
        ].join('\n\n'),
      };
    case 'supplementRequested': {
      const pause = s.pause;
      const items = pause?.items ?? [];
      return {
        subject: `Hồ sơ ${f.code} cần bổ sung giấy tờ`,
        text: [
          greeting,
          `Hồ sơ ${f.code} (${f.procedureName}) cần bổ sung:`,
          items.map((item) => `- ${item}`).join('\n'),
          pause?.reason ? `Lý do: ${pause.reason}` : null,
          `Nơi nộp bổ sung: ${f.receivingPlace}.${pause?.bringBy ? ` Hạn nộp: ngày ${pause.bringBy.split('-').reverse().join('/')}.` : ''}`,
          'Thời gian bổ sung không tính vào thời hạn giải quyết.',
          footer,
        ]
          .filter((line): line is string => line !== null)
          .join('\n\n'),
      };
    }
    case 'apology': {
      const apology = s.apologies.at(-1);
      return {
        subject: `Thư xin lỗi: hồ sơ ${f.code} chậm so với ngày hẹn`,
        text: [
          greeting,
          `Chúng tôi xin lỗi vì hồ sơ ${f.code} (${f.procedureName}) chưa giải quyết được đúng hẹn.`,
          apology ? `Lý do: ${apology.reason}` : null,
          `Ngày hẹn trả kết quả mới: ${vnDateTime(apology?.newAppointmentAt ?? s.appointmentAt)}.`,
          footer,
        ]
          .filter((line): line is string => line !== null)
          .join('\n\n'),
      };
    }
    case 'resultReady':
      return {
        subject: `Hồ sơ ${f.code} đã có kết quả`,
        text: [
          greeting,
          `Hồ sơ ${f.code} (${f.procedureName}) đã có kết quả.`,
          f.returnPlace ? `Mời ông/bà đến nhận kết quả tại ${f.returnPlace}, mang theo giấy tiếp nhận hồ sơ.` : 'Kết quả được gửi tới ông/bà qua dịch vụ bưu chính công ích.',
          footer,
        ].join('\n\n'),
      };
  }
}

/** Which channels, to where: the citizen's choice at intake, or e-mail when only an address was given. */
export function recipients(applicant: Applicant): Array<{ channel: Channel; to: string }> {
  const chosen = Array.isArray(applicant.notify) ? (applicant.notify as Channel[]) : applicant.email ? ['email' as const] : [];
  const out: Array<{ channel: Channel; to: string }> = [];
  for (const channel of new Set(chosen)) {
    if (channel === 'email' && applicant.email) out.push({ channel, to: String(applicant.email) });
    if ((channel === 'sms' || channel === 'zalo') && applicant.phone) out.push({ channel, to: String(applicant.phone).replace(/[\s.()-]/g, '') });
  }
  return out;
}

export interface Senders {
  email(to: string, notice: Notice): Promise<void>;
  http(channel: 'sms' | 'zalo', to: string, notice: Notice): Promise<void>;
  configured(channel: Channel): boolean;
  close(): void;
}

export function senders(config: IntegrationConfig): Senders {
  let transport: Transporter | null = null;
  const mailer = () =>
    (transport ??= nodemailer.createTransport({
      url: config.smtp!.url,
      connectionTimeout: config.delivery.timeoutMs,
      greetingTimeout: config.delivery.timeoutMs,
      socketTimeout: config.delivery.timeoutMs,
    } as Parameters<typeof nodemailer.createTransport>[0]));
  const adapter = (channel: 'sms' | 'zalo'): HttpAdapter | null => (channel === 'sms' ? config.sms : config.zalo);
  return {
    configured: (channel) => (channel === 'email' ? config.smtp !== null : adapter(channel) !== null),
    async email(to, notice) {
      await mailer().sendMail({ from: config.smtp!.from, to, subject: notice.subject, text: notice.text });
    },
    async http(channel, to, notice) {
      const target = adapter(channel)!;
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
        body: JSON.stringify({ to, text: `${notice.subject}. ${notice.text}` }),
        signal: AbortSignal.timeout(config.delivery.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`${channel} adapter answered ${res.status}`);
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}
