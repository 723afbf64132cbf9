"""Tax types and income types with their Chinese and English labels."""

from __future__ import annotations

from enum import StrEnum


class TaxType(StrEnum):
    IIT = "iit"  # 个人所得税
    VEHICLE_VESSEL = "vehicle_vessel"  # 车船税
    PROPERTY = "property"  # 房产税
    SOCIAL_INSURANCE = "social_insurance"  # 社会保险费
    VAT = "vat"  # 增值税
    CITY_MAINTENANCE = "city_maintenance"  # 城市维护建设税
    EDUCATION_SURCHARGE = "education_surcharge"  # 教育费附加
    LOCAL_EDUCATION_SURCHARGE = "local_education_surcharge"  # 地方教育附加
    RENTAL_COMBINED = "rental_combined"  # 综合征收: one combined rate on rent covering every tax

    @property
    def label_zh(self) -> str:
        return _ZH[self]

    @property
    def label_en(self) -> str:
        return _EN[self]


_ZH = {
    TaxType.IIT: "个人所得税",
    TaxType.VEHICLE_VESSEL: "车船税",
    TaxType.PROPERTY: "房产税",
    TaxType.SOCIAL_INSURANCE: "社会保险费",
    TaxType.VAT: "增值税",
    TaxType.CITY_MAINTENANCE: "城市维护建设税",
    TaxType.EDUCATION_SURCHARGE: "教育费附加",
    TaxType.LOCAL_EDUCATION_SURCHARGE: "地方教育附加",
    TaxType.RENTAL_COMBINED: "综合征收(出租住房)",
}
_EN = {
    TaxType.IIT: "Individual income tax",
    TaxType.VEHICLE_VESSEL: "Vehicle and vessel tax",
    TaxType.PROPERTY: "Property tax",
    TaxType.SOCIAL_INSURANCE: "Social insurance",
    TaxType.VAT: "Value-added tax",
    TaxType.CITY_MAINTENANCE: "City maintenance tax",
    TaxType.EDUCATION_SURCHARGE: "Education surcharge",
    TaxType.LOCAL_EDUCATION_SURCHARGE: "Local education surcharge",
    TaxType.RENTAL_COMBINED: "Combined rate on rent",
}


class IncomeType(StrEnum):
    WAGES = "wages"  # 工资薪金
    LABOR_REMUNERATION = "labor_remuneration"  # 劳务报酬
    AUTHOR_REMUNERATION = "author_remuneration"  # 稿酬
    ROYALTIES = "royalties"  # 特许权使用费
