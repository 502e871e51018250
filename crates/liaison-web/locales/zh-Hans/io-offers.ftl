## Ticking the refractures an import offers, recorded with the import
io-offer-col = 记录
io-offer-tick = 随导入记录此再骨折
io-count-refractures = 已记录到先前病例的再骨折
rule-refracture_not_offered = 已不再作为所勾选病例的再骨折提出（自预览以来该患者的病例已变化，或勾选项指向另一病例）；未导入任何内容。
rule-refracture_ticked_twice = 被勾选为某病例的再骨折，而文件中较前的一行已为该病例记录再骨折；一个病例只有一次再骨折：请只勾选第一次。
