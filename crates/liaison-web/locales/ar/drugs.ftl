## Medicines by ATC code: the international non-proprietary name as this language writes it (issue 12)
drug-M05BA04 = حمض الألندرونيك
drug-M05BA06 = حمض الإيباندرونيك
drug-M05BA07 = حمض الريزيدرونيك
drug-M05BA08 = حمض الزوليدرونيك
drug-M05BB = تركيبة بيسفوسفونات
drug-M05BX03 = رانيلات السترونتيوم
drug-M05BX04 = دينوسوماب
drug-M05BX06 = روموسوزوماب
drug-H05AA02 = تيريباراتيد
drug-H05AA04 = أبالوباراتيد
drug-G03XC01 = رالوكسيفين
drug-G03XC02 = بازيدوكسيفين
drug-G03C = العلاج الهرموني (الإستروجينات)
drug-G03F = العلاج الهرموني (البروجستيرونات والإستروجينات)
