/** The first day of the school year holding the day (1 September; the year turns over in summer). */
export function schoolYearStart(day: string): string {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 8 ? `${year}-09-01` : `${year - 1}-09-01`;
}
