/**
 * The built-in section names: the top level of the IPTC Media Topics scheme
 * (English labels), each with a short list of words that are strong evidence
 * for it. The lists are this project's own, written for news prose: words a
 * story on the subject uses and stories on other subjects rarely do. Words
 * are given in the form topic grouping compares them (lower case, plurals
 * folded: "election", not "elections"); see normalizeTerm.
 */

export interface Category {
  label: string;
  words: ReadonlyArray<string>;
}

const list = (words: string): string[] => words.trim().split(/\s+/);

export const CATEGORIES: ReadonlyArray<Category> = [
  {
    label: "Arts, culture, entertainment and media",
    words: list(`film movie actor actress director cinema oscar bafta award nomination album band singer song chart
      music musician concert festival theatre stage comedy comedian show star celebrity novel author book poet
      gallery museum exhibition painting sculpture artist orchestra opera ballet box-office hollywood soap sitcom
      drama series episode broadcaster documentary grammy premiere`),
  },
  {
    label: "Conflict, war and peace",
    words: list(`war troop soldier army military missile airstrike strike ceasefire truce invasion offensive shelling
      drone rebel insurgent militant frontline battle combat artillery tank hostage peace negotiation
      nato refugee displaced occupation warplane bombardment`),
  },
  {
    label: "Crime, law and justice",
    words: list(`police court judge jury trial sentence sentenced prison jail convicted guilty charged murder fraud
      theft robbery arrest arrested suspect prosecutor lawyer lawsuit investigation detective crime criminal
      appeal verdict bail offence magistrate hacker breach ransomware stolen`),
  },
  {
    label: "Disaster, accident and emergency incident",
    words: list(`earthquake quake tsunami flood flooding wildfire fire blaze hurricane cyclone typhoon tornado storm
      landslide avalanche eruption volcano crash collapse derailment explosion rescue rescuer rubble evacuation
      evacuated casualty victim survivor emergency firefighter magnitude aftershock`),
  },
  {
    label: "Economy, business and finance",
    words: list(`economy economic market share stock investor bank company firm profit revenue sale growth inflation
      interest rate mortgage price trade deal merger takeover chief executive shareholder dividend bond currency
      dollar euro yen sterling gdp recession export import tariff oil retail retailer analyst earning
      quarter quarterly debt budget tax deficit fund pension`),
  },
  {
    label: "Education",
    words: list(`school pupil teacher student university college exam curriculum classroom tuition degree graduate
      headteacher academy education ofsted lecturer campus scholarship literacy`),
  },
  {
    label: "Environment",
    words: list(`climate emission carbon warming pollution biodiversity wildlife species conservation deforestation
      renewable solar wind recycling plastic habitat environmental greenhouse fossil ecosystem drought glacier`),
  },
  {
    label: "Health",
    words: list(`health hospital patient doctor nurse nhs disease virus vaccine vaccination cancer treatment drug
      medicine medical clinic surgery infection outbreak pandemic diagnosis symptom mental obesity diet
      heart liver dementia therapy`),
  },
  {
    label: "Human interest",
    words: list(`birthday wedding anniversary centenarian pet dog cat rescue-dog hero kindness reunited charity
      lottery royal prince princess queen king celebrity`),
  },
  {
    label: "Labour",
    words: list(`worker union strike wage pay employment unemployment job jobless redundancy layoff employer
      employee workforce pension minimum-wage walkout picket`),
  },
  {
    label: "Lifestyle and leisure",
    words: list(`travel holiday tourism tourist restaurant food recipe chef fashion shopping hobby garden gardening
      fitness coffee wine beer hotel cruise`),
  },
  {
    label: "Politics",
    words: list(`government minister election party vote voter poll campaign parliament mp labour tory conservative
      liberal democrat candidate prime president chancellor secretary cabinet opposition coalition
      referendum manifesto senate congress legislation bill policy lord commons blair brown howard kennedy
      ballot constituency seat`),
  },
  {
    label: "Religion",
    words: list(`church pope bishop archbishop mosque imam temple synagogue rabbi faith religious worship prayer
      christian muslim jewish hindu buddhist cathedral clergy vatican`),
  },
  {
    label: "Science and technology",
    words: list(`technology software computer internet online web website digital phone mobile smartphone broadband
      device gadget user network data chip processor microsoft apple google ai robot scientist research
      researcher laboratory space nasa satellite virus spam hacker cyber download gaming console video
      wireless`),
  },
  {
    label: "Society",
    words: list(`community family child children housing homeless poverty welfare benefit migrant immigration
      asylum equality discrimination gay marriage diversity volunteer neighbourhood rent`),
  },
  {
    label: "Sport",
    words: list(`match game player team coach manager goal score scored win won victory defeat champion championship
      cup league final tournament season club striker midfielder defender goalkeeper rugby football soccer
      tennis cricket golf athletics olympic medal race seed set wicket innings try penalty referee fixture
      squad injury title`),
  },
  {
    label: "Weather",
    words: list(`weather forecast rain rainfall snow heatwave temperature sunshine frost fog wind gale met thunderstorm
      cold hot humid`),
  },
];
