// Survey data for the compliance webhooks (customers/data_request, customers/redact,
// shop/redact). Registered with app/privacy/registry.server.ts on import; the functions are
// exported too so the compliance module can call them directly.
import prisma from "../db.server";
import { registerCustomerData, registerShopData } from "../privacy/registry.server";

/** Responses and impressions of a customer (by id) and of the given orders (guest checkouts). */
function customerWhere(shop: string, customerId: string, orderIds: string[] = []) {
  // Order ids are stored as numbers (app/surveys/surveys.server.ts), as customers/redact sends them.
  const orders = orderIds.map(String);
  return { shop, OR: [{ customerId }, ...(orders.length ? [{ orderId: { in: orders } }] : [])] };
}

export async function exportCustomerSurveyData(shop: string, customerId: string, orderIds: string[] = []) {
  const responses = await prisma.surveyResponse.findMany({
    where: customerWhere(shop, customerId, orderIds),
    orderBy: { createdAt: "asc" },
  });
  const versions = await prisma.surveyVersion.findMany({
    where: { id: { in: [...new Set(responses.map((r) => r.surveyVersionId))] } },
  });
  return responses.map((r) => {
    const v = versions.find((x) => x.id === r.surveyVersionId);
    return {
      orderId: r.orderId,
      submittedAt: r.createdAt.toISOString(),
      survey: v?.title ?? null,
      questions: v ? JSON.parse(v.questions) : [],
      answers: JSON.parse(r.answers),
    };
  });
}

/** Deletes the customer's answers (and the record that they were shown a survey). */
export async function eraseCustomerSurveyData(shop: string, customerId: string, orderIds: string[] = []) {
  const where = customerWhere(shop, customerId, orderIds);
  const [responses, impressions] = await prisma.$transaction([
    prisma.surveyResponse.deleteMany({ where }),
    prisma.surveyImpression.deleteMany({ where }),
  ]);
  return responses.count + impressions.count;
}

export async function eraseShopSurveyData(shop: string) {
  const results = await prisma.$transaction([
    prisma.surveyResponse.deleteMany({ where: { shop } }),
    prisma.surveyImpression.deleteMany({ where: { shop } }),
    prisma.surveyVersion.deleteMany({ where: { shop } }),
    prisma.survey.deleteMany({ where: { shop } }),
  ]);
  return results.reduce((n, r) => n + r.count, 0);
}

registerCustomerData({
  name: "surveys",
  exportCustomer: (shop, customerId, { orderIds }) => exportCustomerSurveyData(shop, customerId, orderIds),
  eraseCustomer: (shop, customerId, { orderIds }) => eraseCustomerSurveyData(shop, customerId, orderIds),
});
registerShopData({ name: "surveys", eraseShop: eraseShopSurveyData });
