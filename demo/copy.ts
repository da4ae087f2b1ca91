/** The shop's own words in the three demo locales (the widget brings its own). Trusted static HTML. */
export const LOCALES = ['en', 'de', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: string | undefined): value is Locale => LOCALES.includes(value as Locale);

const en = {
  tagline: 'a SovEmbed demo partner',
  eyebrowProduct: 'Lighting',
  eyebrowCheckout: 'Kitchen',
  eyebrowOwn: 'Bags',
  navProduct: 'Product',
  navCheckout: 'Checkout',
  navOwn: 'Our checkout',
  productTitle: 'The Aurora desk lamp',
  productLead: 'Warm light for late reading. The card below is the SovEmbed product widget, embedded with one data attribute.',
  checkoutTitle: 'Buy the Nordic mug',
  checkoutLead: 'This page mounts the SovEmbed checkout widget from its own JavaScript with <code dir="ltr">SovEmbed.mount()</code>.',
  ownTitle: 'Our own checkout',
  ownLead: 'The shop takes the order itself and records it from its server with <code dir="ltr">bff.recordConversion</code>; the page also reports it with <code dir="ltr">SovEmbed.reportConversion({orderId})</code>, and the two count once.',
  ownItem: 'Canvas tote',
  ownEmail: 'E-mail',
  ownName: 'Name',
  ownSubmit: 'Place order',
  ownPlaced: 'Order placed',
  landingHint: 'Arrived from a partner ad? Try this page with a test landing token:',
  panelTitle: 'Live SovEmbed panel',
  panelAttribution: 'Attribution',
  panelEvents: 'Widget events',
  panelConversions: 'Conversions',
  footer: 'Demo shop. No real payments: use 4242 4242 4242 4242, any future expiry, any CVC.',
};
type Copy = typeof en;

const de: Copy = {
  tagline: 'ein SovEmbed-Demopartner',
  eyebrowProduct: 'Licht',
  eyebrowCheckout: 'Küche',
  eyebrowOwn: 'Taschen',
  navProduct: 'Produkt',
  navCheckout: 'Kasse',
  navOwn: 'Unsere Kasse',
  productTitle: 'Die Schreibtischlampe Aurora',
  productLead: 'Warmes Licht zum Lesen am Abend. Die Karte unten ist das SovEmbed-Produkt-Widget, eingebunden mit einem Data-Attribut.',
  checkoutTitle: 'Die Nordische Tasse kaufen',
  checkoutLead: 'Diese Seite bindet das SovEmbed-Kassen-Widget mit eigenem JavaScript über <code dir="ltr">SovEmbed.mount()</code> ein.',
  ownTitle: 'Unsere eigene Kasse',
  ownLead: 'Der Shop nimmt die Bestellung selbst an und erfasst sie auf seinem Server mit <code dir="ltr">bff.recordConversion</code>; die Seite meldet sie zusätzlich mit <code dir="ltr">SovEmbed.reportConversion({orderId})</code>, gezählt wird sie einmal.',
  ownItem: 'Tragetasche aus Canvas',
  ownEmail: 'E-Mail',
  ownName: 'Name',
  ownSubmit: 'Bestellen',
  ownPlaced: 'Bestellung aufgegeben',
  landingHint: 'Über eine Partneranzeige gekommen? Diese Seite mit einem Test-Landing-Token öffnen:',
  panelTitle: 'SovEmbed live',
  panelAttribution: 'Zuordnung',
  panelEvents: 'Widget-Ereignisse',
  panelConversions: 'Conversions',
  footer: 'Demo-Shop. Keine echten Zahlungen: 4242 4242 4242 4242, ein künftiges Ablaufdatum, beliebige Prüfziffer.',
};

const ar: Copy = {
  tagline: 'شريك تجريبي لـ SovEmbed',
  eyebrowProduct: 'إضاءة',
  eyebrowCheckout: 'مطبخ',
  eyebrowOwn: 'حقائب',
  navProduct: 'المنتج',
  navCheckout: 'الدفع',
  navOwn: 'صفحة الدفع الخاصة بنا',
  productTitle: 'مصباح المكتب أورورا',
  productLead: 'ضوء دافئ للقراءة في المساء. البطاقة أدناه هي أداة منتج SovEmbed، مضمّنة بسمة بيانات واحدة.',
  checkoutTitle: 'اشترِ الكوب النوردي',
  checkoutLead: 'تضمّن هذه الصفحة أداة الدفع من SovEmbed عبر JavaScript الخاص بها باستخدام <code dir="ltr">SovEmbed.mount()</code>.',
  ownTitle: 'صفحة الدفع الخاصة بنا',
  ownLead: 'يستلم المتجر الطلب بنفسه ويسجّله من خادمه عبر <code dir="ltr">bff.recordConversion</code>، وتبلّغ الصفحة عنه أيضًا عبر <code dir="ltr">SovEmbed.reportConversion({orderId})</code>، فيُحتسب مرة واحدة.',
  ownItem: 'حقيبة قماشية',
  ownEmail: 'البريد الإلكتروني',
  ownName: 'الاسم',
  ownSubmit: 'إتمام الطلب',
  ownPlaced: 'تم الطلب',
  landingHint: 'وصلت من إعلان شريك؟ جرّب هذه الصفحة برمز هبوط تجريبي:',
  panelTitle: 'لوحة SovEmbed المباشرة',
  panelAttribution: 'الإسناد',
  panelEvents: 'أحداث الأداة',
  panelConversions: 'التحويلات',
  footer: 'متجر تجريبي. لا مدفوعات حقيقية: استخدم 4242 4242 4242 4242 وأي تاريخ انتهاء مستقبلي وأي رمز تحقق.',
};

export const COPY: Record<Locale, Copy> = { en, de, ar };
