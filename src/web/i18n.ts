import { readerLanguage } from '../common/language.js';

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
  anonymousOption: 'Do not show my name on the campaign page',
  email: 'Email (for your receipt)',
  message: 'Message (optional, at most 500 characters)',
  language: 'Language of your receipt',
  updatesOption: 'Send me progress updates about this campaign',
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
  /** The campaign page's line for pledges not yet paid ({amount}, {n}): never part of the amount raised. */
  pendingPledges: '{amount} more pledged, awaiting payment ({n})',
  /** The donation form's ways of paying, and what it says in the browser (give.js): templates with {placeholders}. */
  pay: {
    howToPay: 'How to pay',
    methods: {
      card: { label: 'Card', line: 'Credit or debit card, paid at once.' },
      konbini: { label: 'Konbini (convenience store)', line: 'Pay in cash at FamilyMart, Lawson, Ministop or Seicomart by the deadline ({days} days).' },
      bank_transfer: { label: 'Bank transfer', line: 'Transfer from any bank to an account number of your own.' },
    },
    nameOptional: 'Name (optional)',
    nameRequired: 'Name (required for konbini)',
    nameHint: 'The store voucher is made out to this name. To keep it off the campaign page, tick the box below.',
    coverFees: {
      card: 'Add {fee} to cover the card fee, so the full gift reaches the appeal',
      konbini: 'Add {fee} to cover the konbini fee, so the full gift reaches the appeal',
      bank_transfer: 'Add {fee} to cover the bank transfer fee, so the full gift reaches the appeal',
    },
    submit: { card: 'Continue to payment', konbini: 'Get my konbini payment codes', bank_transfer: 'Get the account to transfer to' },
    next: {
      card: 'You will enter your card on the next page.',
      konbini: 'The next page shows your payment codes, with a voucher you can print or keep on your phone.',
      bank_transfer: 'The next page shows the account to transfer to.',
    },
    errors: {
      amountMissing: 'Please enter an amount.',
      amountBelow: 'The smallest gift is {min}.',
      amountAbove: 'The largest gift is {max}.',
      konbiniRange: 'A konbini payment must be from {min} to {max}.',
      email: 'Please enter a valid email address.',
      nameRequired: 'Please enter your name: the konbini voucher is made out to it.',
    },
    /** The API's refusals by code, in the donor's language ({min} and {max} are the chosen way of paying's limits). */
    apiErrors: {
      payment_method_unavailable: 'This way of paying is not available for this campaign. Please choose another.',
      name_required: 'Please enter your name: the konbini voucher is made out to it.',
      amount_below_minimum: 'With the fee added, the amount must be at least {min} for this way of paying.',
      amount_above_maximum: 'With the fee added, the amount is above {max}, the most this way of paying takes. Choose a smaller amount, or do not add the fee.',
      too_many_donations: 'Too many donations were started from here just now. Please wait a minute and try again.',
      campaign_not_active: 'This campaign has closed and no longer takes donations.',
    } as Record<string, string>,
  },
  /** The thank-you page of a pledge (thanks.js): templates with {placeholders}. */
  pledge: {
    received: 'Thank you for your gift of {amount} to {title}. It reaches the appeal once you have paid.',
    konbiniIntro: 'Pay in cash at a convenience store by the deadline below.',
    amountToPay: 'Amount to pay',
    deadline: 'Pay by',
    openVoucher: 'Open your payment voucher',
    voucherHint: 'The voucher has the same codes: print it, or keep it on your phone.',
    atTheStore: 'At the store',
    paymentCode: 'Payment code',
    confirmationNumber: 'Confirmation number',
    chains: { familymart: 'FamilyMart', lawson: 'Lawson', ministop: 'Ministop', seicomart: 'Seicomart' } as Record<string, string>,
    storeSteps: {
      familymart:
        'At the multi-copy machine in the store, choose bill payment (代金支払い) and enter the payment code and the confirmation number. Take the slip it prints to the till within 30 minutes and pay in cash.',
      lawson:
        'At the Loppi terminal in the store, choose the entry for payment numbers (各種番号をお持ちの方) and enter the payment code and the confirmation number. Take the slip it prints to the till within 30 minutes and pay in cash.',
      ministop:
        'At the Loppi terminal in the store, choose the entry for payment numbers (各種番号をお持ちの方) and enter the payment code and the confirmation number. Take the slip it prints to the till within 30 minutes and pay in cash.',
      seicomart: 'At the till, say that you are paying for an internet order (インターネット支払い) and give the payment code. Pay in cash.',
    } as Record<string, string>,
    whenPaid: 'This page changes by itself once your payment arrives, and your receipt comes by email. We have also emailed you how to pay.',
    bankIntro: 'Transfer the amount below to this account, from any bank. The account number is yours alone, so your transfer is matched to your gift.',
    amountToSend: 'Amount to send',
    bank: 'Bank',
    branch: 'Branch',
    accountType: 'Account type',
    accountTypes: { futsu: 'Ordinary (futsu)', toza: 'Current (toza)' } as Record<string, string>,
    accountNumber: 'Account number',
    accountHolder: 'Account holder',
    withCode: '{name} ({code})',
    partReceived: '{received} of your {total} has arrived. Please send the remaining {remaining}.',
    paid: 'Your payment has arrived. Thank you.',
    expired:
      'The payment deadline has passed, so this pledge was cancelled and nothing is owed. Thank you for thinking of the people affected. If you would still like to give, you can start again.',
    giveAgain: 'Give again',
  },
  disasterTypes: { tsunami: 'Tsunami', earthquake: 'Earthquake', flood: 'Flood', typhoon: 'Typhoon', wildfire: 'Wildfire', other: 'Disaster relief' } as Record<string, string>,
  // ---- Issue 18, receipt profile: 義援金 campaigns and the donor's details for a tax receipt (give.js) ----
  /** On the campaign and give pages of a 義援金 campaign ({recipient}: the local government). */
  gienkinNotice: 'Gifts to this appeal are relief money (義援金): they are passed on in full to {recipient}, and for your gift you receive a custody receipt (預り証).',
  taxReceipt: {
    want: 'I need a receipt for my tax return',
    legend: 'Receipt for your tax return',
    intro: 'The receipt is made out to this name and address, as the tax office expects them.',
    name: 'Name on the receipt',
    country: 'Country or region of the address',
    postalCode: 'Postal code',
    postalHint: { jp: 'Seven digits, such as 100-0005', abroad: 'As your post office writes it, such as SW1A 1AA' },
    fillPrefecture: 'Fill in the prefecture from the postal code',
    prefectureFilled: 'Filled in {prefecture} at the start of the address.',
    prefectureUnknown: 'The prefecture cannot be told from this postal code: please type it in the address.',
    address: 'Address (as you would write it on an envelope)',
    errors: {
      name: 'Please enter the name the receipt is made out to.',
      postalCode: 'Please enter a postal code of seven digits, such as 100-0005.',
      postalCodeAbroad: 'Please enter your postal code: 2 to 10 letters, digits, spaces or dashes.',
      address: 'Please enter the address for the receipt.',
    },
    apiErrors: {
      tax_receipt_name_required: 'Please enter the name the receipt is made out to.',
      tax_receipt_address_required: 'Please enter the address for the receipt.',
      tax_receipt_postal_code_invalid: 'The postal code for the receipt is not valid.',
      tax_receipt_country_invalid: 'Please choose the country of your address.',
      tax_receipt_too_long: 'The name or the address for the receipt is too long.',
    } as Record<string, string>,
  },
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
  anonymousOption: 'キャンペーンページに名前を表示しない',
  email: 'メールアドレス（領収書の送付先）',
  message: 'メッセージ（任意、500文字まで）',
  language: '領収書の言語',
  updatesOption: 'このキャンペーンの活動報告を受け取る',
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
  pendingPledges: 'ほかに {amount} のお支払い待ち（{n}件）',
  pay: {
    howToPay: 'お支払い方法',
    methods: {
      card: { label: 'クレジットカード・デビットカード', line: 'その場でお支払いが完了します。' },
      konbini: { label: 'コンビニ払い', line: 'ファミリーマート、ローソン、ミニストップ、セイコーマートで、期限（{days}日後）までに現金でお支払いいただけます。' },
      bank_transfer: { label: '銀行振込', line: 'あなた専用の口座番号へ、どの銀行からでもお振り込みいただけます。' },
    },
    nameOptional: 'お名前（任意）',
    nameRequired: 'お名前（コンビニ払いでは必須）',
    nameHint: '払込票はこのお名前で発行されます。キャンペーンページに表示したくない場合は、下のチェックボックスをオンにしてください。',
    coverFees: {
      card: 'カード手数料 {fee} を上乗せして、寄付の全額を届ける',
      konbini: 'コンビニ払いの手数料 {fee} を上乗せして、寄付の全額を届ける',
      bank_transfer: '銀行振込の手数料 {fee} を上乗せして、寄付の全額を届ける',
    },
    submit: { card: 'お支払いへ進む', konbini: 'コンビニ払いの番号を受け取る', bank_transfer: '振込先の口座を表示する' },
    next: {
      card: '次のページでカード情報を入力します。',
      konbini: '次のページにお支払い番号と、印刷やスマートフォンでの保存ができる払込票が表示されます。',
      bank_transfer: '次のページに振込先の口座が表示されます。',
    },
    errors: {
      amountMissing: '金額を入力してください。',
      amountBelow: '最低金額は {min} です。',
      amountAbove: '上限は {max} です。',
      konbiniRange: 'コンビニ払いでお支払いいただける金額は {min}〜{max} です。',
      email: '有効なメールアドレスを入力してください。',
      nameRequired: 'お名前を入力してください。コンビニ払いの払込票はこのお名前で発行されます。',
    },
    apiErrors: {
      payment_method_unavailable: 'このお支払い方法は、このキャンペーンではご利用いただけません。別の方法をお選びください。',
      name_required: 'お名前を入力してください。コンビニ払いの払込票はこのお名前で発行されます。',
      amount_below_minimum: '手数料を含めた金額が、このお支払い方法の下限 {min} を下回っています。',
      amount_above_maximum: '手数料を含めた金額が、このお支払い方法の上限 {max} を超えています。金額を減らすか、手数料の上乗せを外してください。',
      too_many_donations: 'この接続元からの寄付のお申し込みが短時間に多すぎます。1分ほどおいてから、もう一度お試しください。',
      campaign_not_active: 'このキャンペーンは終了したため、寄付を受け付けていません。',
    },
  },
  pledge: {
    received: '{title} への {amount} のご寄付のお申し込みを受け付けました。お支払いが済みしだい、支援として届けられます。',
    konbiniIntro: '下記の期限までに、コンビニで現金でお支払いください。',
    amountToPay: 'お支払い金額',
    deadline: 'お支払い期限',
    openVoucher: '払込票を開く',
    voucherHint: '払込票にも同じ番号が記載されています。印刷するか、スマートフォンに表示してお持ちください。',
    atTheStore: '店頭でのお支払い方法',
    paymentCode: 'お支払い番号',
    confirmationNumber: '確認番号',
    chains: { familymart: 'ファミリーマート', lawson: 'ローソン', ministop: 'ミニストップ', seicomart: 'セイコーマート' },
    storeSteps: {
      familymart:
        '店内のマルチコピー機で「代金支払い」を選び、お支払い番号と確認番号を入力してください。印刷された申込券を30分以内にレジへお持ちいただき、現金でお支払いください。',
      lawson: '店内の Loppi で「各種番号をお持ちの方」を選び、お支払い番号と確認番号を入力してください。印刷された申込券を30分以内にレジへお持ちいただき、現金でお支払いください。',
      ministop:
        '店内の Loppi で「各種番号をお持ちの方」を選び、お支払い番号と確認番号を入力してください。印刷された申込券を30分以内にレジへお持ちいただき、現金でお支払いください。',
      seicomart: 'レジで「インターネット支払い」とお伝えいただき、お支払い番号をお示しのうえ、現金でお支払いください。',
    },
    whenPaid: 'お支払いが確認されると、このページは自動で切り替わり、領収書をメールでお送りします。お支払い方法はメールでもお送りしています。',
    bankIntro: '下記の口座へ、どの銀行からでもお振り込みください。この口座番号はあなた専用のため、お振込みは自動であなたのご寄付と照合されます。',
    amountToSend: '振込金額',
    bank: '銀行名',
    branch: '支店名',
    accountType: '口座種別',
    accountTypes: { futsu: '普通', toza: '当座' },
    accountNumber: '口座番号',
    accountHolder: '口座名義',
    withCode: '{name}（{code}）',
    partReceived: '{total} のうち {received} を受け取りました。残りの {remaining} をお振り込みください。',
    paid: 'お支払いを確認しました。ありがとうございます。',
    expired:
      'お支払い期限が過ぎたため、このお申し込みは取り消されました。お支払いいただく必要はありません。被災地を気にかけてくださったお気持ちに感謝いたします。あらためてご寄付いただける場合は、こちらからどうぞ。',
    giveAgain: 'もう一度寄付する',
  },
  disasterTypes: { tsunami: '津波', earthquake: '地震', flood: '洪水', typhoon: '台風', wildfire: '山火事', other: '災害支援' },
  // ---- Issue 18, receipt profile: 義援金 campaigns and the donor's details for a tax receipt (give.js) ----
  gienkinNotice: 'このキャンペーンへのご寄付は義援金として、全額を{recipient}へ拠出します。ご寄付には、税務署への申告にお使いいただける預り証を発行します。',
  taxReceipt: {
    want: '税務署に提出する寄附金受領証明書（領収書）を希望する',
    legend: '税務署に提出する領収書',
    intro: '領収書は、ここに入力された宛名とご住所で発行します。',
    name: '宛名（お名前）',
    country: 'ご住所の国・地域',
    postalCode: '郵便番号',
    postalHint: { jp: '7桁の数字（例：100-0005）', abroad: '現地の表記のまま（例：SW1A 1AA）' },
    fillPrefecture: '郵便番号から都道府県を入力',
    prefectureFilled: 'ご住所の先頭に「{prefecture}」を入力しました。',
    prefectureUnknown: 'この郵便番号からは都道府県を判別できません。ご住所に直接ご入力ください。',
    address: 'ご住所（封筒に書くとおりに）',
    errors: {
      name: '領収書の宛名を入力してください。',
      postalCode: '郵便番号は7桁の数字で入力してください（例：100-0005）。',
      postalCodeAbroad: '郵便番号を入力してください（英数字、空白、ハイフンで2〜10文字）。',
      address: '領収書に記載するご住所を入力してください。',
    },
    apiErrors: {
      tax_receipt_name_required: '領収書の宛名を入力してください。',
      tax_receipt_address_required: '領収書に記載するご住所を入力してください。',
      tax_receipt_postal_code_invalid: '領収書の郵便番号が正しくありません。',
      tax_receipt_country_invalid: 'ご住所の国・地域をお選びください。',
      tax_receipt_too_long: '領収書の宛名またはご住所が長すぎます。',
    },
  },
};

export type Messages = typeof EN;

export function messages(language: WebLanguage): Messages {
  return language === 'ja' ? JA : EN;
}

/** ?lang= first, then the first of Japanese and English the browser's Accept-Language prefers, then English. */
export function pickLanguage(query: unknown, acceptLanguage: string | undefined): WebLanguage {
  return readerLanguage(query, acceptLanguage);
}

/** A message template's {placeholders} filled in: the same templates the pages' scripts fill in the browser. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}
