export type WebLanguage = 'en' | 'ja';

const EN = {
  siteName: 'Kizuna',
  tagline: 'Relief funds for disasters, given directly',
  campaigns: 'Campaigns',
  noCampaigns: 'There is no open campaign right now.',
  raisedOf: (raised: string, goal: string) => `${raised} raised of ${goal}`,
  donors: (n: number) => (n === 1 ? '1 donor' : `${n.toLocaleString('en')} donors`),
  give: 'Give now',
  closed: 'This campaign is closed and no longer takes donations. Thank you to everyone who gave.',
  story: 'About this appeal',
  recentGifts: 'Recent gifts',
  noGifts: 'No gifts yet: be the first.',
  anonymous: 'Anonymous',
  updates: 'Updates from the field',
  noUpdates: 'No updates yet.',
  giveTo: (title: string) => `Give to ${title}`,
  amount: 'Amount',
  otherAmount: 'Other amount',
  coverFees: (fee: string) => `Add ${fee} to cover the card fee, so the full gift reaches the appeal`,
  anonymousOption: 'Do not show my name on the campaign page',
  name: 'Name (optional)',
  email: 'Email (for your receipt)',
  message: 'Message (optional, at most 500 characters)',
  language: 'Language of your receipt',
  updatesOption: 'Send me progress updates about this campaign',
  continueToPayment: 'Continue to payment',
  payingWith: 'You will enter your card on the next page.',
  thanksTitle: 'Thank you',
  checking: 'Confirming your payment…',
  succeeded: (amount: string, title: string) => `Your gift of ${amount} to ${title} has been received.`,
  receiptSent: (n: string) => `Your receipt ${n} is on its way by email.`,
  receiptSoon: 'Your receipt will arrive by email in a few minutes.',
  failed: 'The payment did not go through, and nothing was charged. You can try again with another card.',
  stillPending: 'Your payment is still being confirmed. This page updates by itself; you can also close it, your receipt will come by email.',
  tryAgain: 'Try again',
  backToCampaign: 'Back to the campaign',
  notFound: 'This page does not exist.',
  errorGeneric: 'Something went wrong. Please try again in a moment.',
  staff: 'Staff',
  closedBadge: 'Closed',
  disasterTypes: { tsunami: 'Tsunami', earthquake: 'Earthquake', flood: 'Flood', typhoon: 'Typhoon', wildfire: 'Wildfire', other: 'Disaster relief' } as Record<string, string>,
};

const JA: typeof EN = {
  siteName: 'Kizuna',
  tagline: '災害救援の募金を、まっすぐ現地へ',
  campaigns: '募金キャンペーン',
  noCampaigns: '現在受付中のキャンペーンはありません。',
  raisedOf: (raised, goal) => `目標 ${goal} のうち ${raised} が集まりました`,
  donors: (n) => `寄付者 ${n.toLocaleString('ja')} 人`,
  give: '寄付する',
  closed: 'このキャンペーンは終了しました。ご支援いただいた皆さまに感謝いたします。',
  story: 'この募金について',
  recentGifts: '最近の寄付',
  noGifts: 'まだ寄付はありません。最初の寄付者になりませんか。',
  anonymous: '匿名',
  updates: '現地からの報告',
  noUpdates: 'まだ報告はありません。',
  giveTo: (title) => `${title} に寄付する`,
  amount: '金額',
  otherAmount: 'その他の金額',
  coverFees: (fee) => `カード手数料 ${fee} を上乗せして、寄付の全額を届ける`,
  anonymousOption: 'キャンペーンページに名前を表示しない',
  name: 'お名前（任意）',
  email: 'メールアドレス（領収書の送付先）',
  message: 'メッセージ（任意、500文字まで）',
  language: '領収書の言語',
  updatesOption: 'このキャンペーンの活動報告を受け取る',
  continueToPayment: 'お支払いへ進む',
  payingWith: '次のページでカード情報を入力します。',
  thanksTitle: 'ありがとうございました',
  checking: 'お支払いを確認しています…',
  succeeded: (amount, title) => `${title} への ${amount} のご寄付を受け付けました。`,
  receiptSent: (n) => `領収書 ${n} をメールでお送りします。`,
  receiptSoon: '数分以内に領収書をメールでお送りします。',
  failed: 'お支払いが完了しませんでした。請求は発生していません。別のカードでもう一度お試しください。',
  stillPending: 'お支払いを確認中です。このページは自動で更新されます。閉じても、領収書はメールで届きます。',
  tryAgain: 'もう一度試す',
  backToCampaign: 'キャンペーンに戻る',
  notFound: 'このページは存在しません。',
  errorGeneric: '問題が発生しました。しばらくしてからもう一度お試しください。',
  staff: 'スタッフ',
  closedBadge: '受付終了',
  disasterTypes: { tsunami: '津波', earthquake: '地震', flood: '洪水', typhoon: '台風', wildfire: '山火事', other: '災害支援' },
};

export type Messages = typeof EN;

export function messages(language: WebLanguage): Messages {
  return language === 'ja' ? JA : EN;
}

/** ?lang= first, then the browser's Accept-Language, then English. */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined): WebLanguage {
  if (query === 'en' || query === 'ja') return query;
  return /^\s*ja\b/i.test(acceptLanguage ?? '') ? 'ja' : 'en';
}
